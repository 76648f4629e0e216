/**
 * The pages the speed benches load, by corpus: the shared corpus's real pages
 * (`readability/<name>/source.html`, `postlight/<name>.html`) and our own fixtures
 * (`tests/fixtures/`, except the import files and the 10 MB stress page, which has a test of
 * its own). Each is served from loopback; never copied into the project.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Site, serve } from '../tests/e2e/server';
import { CORPUS } from './corpus';

export type CorpusName = 'readability' | 'postlight' | 'fixtures';
export const CORPORA: CorpusName[] = ['readability', 'postlight', 'fixtures'];

export interface BenchPage {
  corpus: CorpusName;
  name: string;
  /** Path on its corpus's server. */
  path: string;
}

const FIXTURES = resolve('tests/fixtures');
const FIXTURE_DIRS = ['basic', 'cleanup', 'reader', 'hostile'];
/** A stress page with its own bounded-cost test (hostile.test.ts), not a page anyone reads. */
const FIXTURE_SKIP = new Set(['hostile/huge-mutating.html']);

export function benchPages(): BenchPage[] {
  const out: BenchPage[] = [];
  const readability = join(CORPUS, 'readability');
  if (!existsSync(readability)) {
    throw new Error(`No corpus at ${CORPUS} (set BROADSHEET_CORPUS to the shared corpus).`);
  }
  for (const d of readdirSync(readability, { withFileTypes: true })) {
    if (d.isDirectory() && existsSync(join(readability, d.name, 'source.html'))) {
      out.push({ corpus: 'readability', name: d.name, path: `/readability/${d.name}/source.html` });
    }
  }
  const postlight = join(CORPUS, 'postlight');
  if (existsSync(postlight)) {
    for (const f of readdirSync(postlight)) {
      if (f.endsWith('.html')) {
        out.push({ corpus: 'postlight', name: f.replace(/\.html$/, ''), path: `/postlight/${f}` });
      }
    }
  }
  for (const dir of FIXTURE_DIRS) {
    for (const f of readdirSync(join(FIXTURES, dir))) {
      const rel = `${dir}/${f}`;
      if (f.endsWith('.html') && !FIXTURE_SKIP.has(rel)) {
        out.push({ corpus: 'fixtures', name: rel, path: `/${rel}` });
      }
    }
  }
  return out.sort((a, b) =>
    a.corpus === b.corpus ? a.name.localeCompare(b.name) : a.corpus.localeCompare(b.corpus),
  );
}

/**
 * Every `stride`-th page of each corpus (1: all of them), so a quick run keeps the mix of
 * corpora and of page kinds.
 */
export function everyNth(pages: BenchPage[], stride: number): BenchPage[] {
  if (stride <= 1) return pages;
  return CORPORA.flatMap((c) =>
    pages.filter((p) => p.corpus === c).filter((_, i) => i % stride === 0),
  );
}

export interface PageServers {
  url(page: BenchPage): string;
  close(): Promise<void>;
}

/** The corpus and the fixtures, each on its own loopback port. */
export async function servePages(): Promise<PageServers> {
  const [corpus, fixtures]: Site[] = await Promise.all([
    serve(CORPUS, '127.0.0.1'),
    serve(FIXTURES, '127.0.0.1'),
  ]);
  return {
    url: (p) => `${(p.corpus === 'fixtures' ? fixtures : corpus)?.origin}${p.path}`,
    close: async () => {
      await Promise.all([corpus?.close(), fixtures?.close()]);
    },
  };
}
