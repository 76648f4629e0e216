/**
 * `npx tsx bench/highlights-time.ts`: how long finding and drawing highlights takes in Chromium,
 * on the readability corpus's articles (each page's `expected.html`, read from the shared
 * corpus, never copied). Per article: 20 highlights of about a sentence each, spread over it,
 * are described, then placed again (utils/highlights/anchor.ts `placeAll`, bundled as the
 * reader bundles it) in three versions of the article: the same text; the text shifted (a
 * paragraph added at the top); and edited (a paragraph added, and one word changed in every
 * quoted passage, so that every highlight needs the approximate match). Prints the times
 * (`performance.now()` around `placeAll`, in the page) and how many were placed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { launchWithExtension } from './browser';
import { corpusPages, quantile } from './corpus';
import { table } from './table';

const PER_PAGE = 20;
const QUOTE = 120;
const RUNS = 3;
type Version = 'same' | 'shifted' | 'edited';
const VERSIONS: Version[] = ['same', 'shifted', 'edited'];

const bundle = buildSync({
  stdin: {
    contents: "import * as a from './utils/highlights/anchor'; (globalThis as any).__anchor = a;",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  format: 'iife',
  write: false,
}).outputFiles[0]?.text as string;

/** Runs in the page: the measure for one version of the article in `#root`. */
function measure(args: { kind: Version; per: number; quote: number }) {
  const a = (globalThis as unknown as { __anchor: typeof import('../utils/highlights/anchor') })
    .__anchor;
  const root = document.getElementById('root') as HTMLElement;
  const text = a.textOf(root);
  const anchors: ReturnType<typeof a.anchorOf>[] = [];
  const step = Math.floor(text.length / (args.per + 1));
  for (let i = 1; i <= args.per && step > args.quote; i++) {
    let start = i * step;
    while (start < text.length && /\S/.test(text[start - 1] ?? ' ')) start++;
    const end = Math.min(text.length, start + args.quote);
    if (text.slice(start, end).trim().length >= args.quote / 2) {
      anchors.push(a.anchorOf(text, start, end));
    }
  }
  if (args.kind !== 'same') {
    const intro = document.createElement('p');
    intro.textContent = 'Update: this article has been changed since it was first published.';
    root.prepend(intro);
  }
  if (args.kind === 'edited') {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    for (const x of anchors) {
      const word = x.quote.exact.split(/\s+/).find((w) => w.length >= 5);
      const node = word && nodes.find((n) => n.data.includes(word));
      if (node && word) node.data = node.data.replace(word, `${word.slice(0, -2)}ed`);
    }
  }
  const list = anchors.map((x, i) => ({ id: `h${i}`, ...x }));
  const started = performance.now();
  const result = a.placeAll(root, list, (m, h) => m.setAttribute(a.HIGHLIGHT_ATTR, h.id));
  const ms = performance.now() - started;
  return { ms, placed: result.placed.size, total: list.length, chars: text.length };
}

const { ctx, profile } = await launchWithExtension(null);
const times: Record<Version, number[]> = { same: [], shifted: [], edited: [] };
const placed: Record<Version, [number, number]> = { same: [0, 0], shifted: [0, 0], edited: [0, 0] };
let articles = 0;
try {
  const page = await ctx.newPage();
  for (const corpusPage of corpusPages()) {
    let html: string;
    try {
      html = readFileSync(join(corpusPage.dir, 'expected.html'), 'utf8');
    } catch {
      continue;
    }
    let counted = false;
    for (const kind of VERSIONS) {
      const runs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await page.setContent(`<!doctype html><meta charset="utf-8"><div id="root">${html}</div>`, {
          waitUntil: 'domcontentloaded',
        });
        await page.addScriptTag({ content: bundle });
        const r = await page.evaluate(measure, { kind, per: PER_PAGE, quote: QUOTE });
        if (r.total < PER_PAGE / 2) break;
        runs.push(r.ms);
        if (run === 0) {
          placed[kind][0] += r.placed;
          placed[kind][1] += r.total;
        }
      }
      if (!runs.length) break;
      counted = true;
      times[kind].push(quantile(runs, 0.5));
    }
    if (counted) articles++;
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}

table(
  `Highlights: ${PER_PAGE} per article placed again (${articles} readability/ articles, Chromium, median of ${RUNS} runs each), ms per article`,
  VERSIONS.map((kind) => ({
    'article text': kind,
    median: quantile(times[kind], 0.5).toFixed(2),
    p95: quantile(times[kind], 0.95).toFixed(2),
    max: Math.max(...times[kind]).toFixed(2),
    placed: `${placed[kind][0]} / ${placed[kind][1]}`,
  })),
);
