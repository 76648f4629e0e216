/** The evaluation corpus beside the project (never copied into it: see ../shared/corpus/README.md). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(process.env.BROADSHEET_CORPUS ?? '../shared/corpus');
export const READABILITY = join(CORPUS, 'readability');

export interface CorpusPage {
  name: string;
  dir: string;
  meta: { title?: string; byline?: string; readerable?: boolean; lang?: string; dir?: string };
}

export function corpusPages(): CorpusPage[] {
  if (!existsSync(READABILITY)) {
    throw new Error(`No corpus at ${READABILITY} (set BROADSHEET_CORPUS to the shared corpus).`);
  }
  return readdirSync(READABILITY, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(READABILITY, d.name, 'source.html')))
    .map((d) => ({
      name: d.name,
      dir: join(READABILITY, d.name),
      meta: JSON.parse(readFileSync(join(READABILITY, d.name, 'expected-metadata.json'), 'utf8')),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface Label {
  page: string;
  kind: 'comments' | 'preloader';
  selector: string;
  scope: string;
}

export function labels(): Label[] {
  const rows = readFileSync(join(CORPUS, 'readability-comments-preloaders.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((r) => {
    const [page, kind, selector, scope] = r.split('\t');
    return { page, kind, selector, scope } as Label;
  });
}

export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i] as number;
}
