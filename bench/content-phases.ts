/**
 * Where the always-on script's time goes, in real milliseconds rather than samples: the built
 * extension is copied with its always-on.js rebuilt from the same source, with every guarded
 * step of utils/content/start.ts (and the script's top level) timed by `performance.measure`
 * (names `bs:<line>`; the main world reads them, the Performance timeline is the window's).
 * Each page is loaded RUNS times in a browser with that copy and in one without any
 * extension, interleaved, page scripts on, read WAIT_AFTER_LOAD_MS after `load`, as the
 * `content` bench does; medians. Steps nest (a step run inside another is in both).
 * A diagnostic: `npm run bench -- content-phases`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension, scriptDurationMs } from './browser';
import { bundleScript } from './bundle';
import { RUNS, WAIT_AFTER_LOAD_MS } from './content-time';
import { benchPages, type CorpusName, everyNth, servePages } from './pages';

const ROOT = resolve('.');
const START = resolve(ROOT, 'utils/content/start.ts');
const ENTRY = `
import { extensionLifetime } from '@/utils/content/lifetime';
import { startPage } from '@/utils/content/start';
const t0 = performance.now();
startPage(extensionLifetime());
performance.measure('bs:top', { start: t0 });
`;

/** start.ts with each `guard(` call site timed under its line number. */
function instrumented(source: string): { code: string; steps: Map<string, string> } {
  const steps = new Map<string, string>([['top', 'the script at document_start (startPage)']]);
  const lines = source.split('\n').map((line, i) => {
    if (!/\bguard\(/.test(line) || /const guard = /.test(line)) return line;
    const n = `${i + 1}`;
    steps.set(n, line.trim().slice(0, 70));
    return line.replace(/\bguard\(/g, `timedGuard('${n}', `);
  });
  const code = lines.join('\n').replace(
    /(\n {2}const report = \(\) => \{)/,
    `
  const timedGuard = (name: string, step: () => void) => {
    const t = performance.now();
    try {
      guard(step);
    } finally {
      performance.measure('bs:' + name, { start: t });
    }
  };
$1`,
  );
  return { code, steps };
}

async function instrumentedCopy(extDir: string, into: string): Promise<Map<string, string>> {
  cpSync(resolve(extDir), into, { recursive: true });
  const { code, steps } = instrumented(readFileSync(START, 'utf8'));
  await bundleScript(ENTRY, join(into, 'always-on.js'), {
    sourcefile: 'always-on-entry.ts',
    source: { filter: /utils[\\/]content[\\/]start\.ts$/, contents: code },
  });
  return steps;
}

export interface PhaseRow {
  corpus: CorpusName;
  page: string;
  /** ScriptDuration with the instrumented copy minus without, median, ms. */
  shareMs: number;
  /** Step -> median over the runs of its summed measures, ms. */
  steps: Map<string, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function load(ctx: BrowserContext, url: string) {
  let measures: [string, number][] = [];
  const script = await scriptDurationMs(ctx, url, WAIT_AFTER_LOAD_MS, undefined, async (page) => {
    measures = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((e) => e.name.startsWith('bs:'))
        .map((e) => [e.name.slice(3), e.duration] as [string, number]),
    );
  });
  return script === null ? null : { script, measures };
}

export async function contentPhases(
  extDir: string,
  stride = 5,
): Promise<{ rows: PhaseRow[]; steps: Map<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-phases-'));
  const ext = join(dir, 'ext');
  const steps = await instrumentedCopy(extDir, ext);
  const servers = await servePages();
  const contexts: BrowserContext[] = [];
  const rows: PhaseRow[] = [];
  try {
    const [without, withExt] = await Promise.all(
      [null, ext].map(async (e) => (await launchWithExtension(e, dir)).ctx),
    );
    contexts.push(without as BrowserContext, withExt as BrowserContext);
    for (const p of everyNth(benchPages(), stride)) {
      const url = servers.url(p);
      const base: number[] = [];
      const runs: { script: number; measures: [string, number][] }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const order = run % 2 ? [withExt, without] : [without, withExt];
        for (const ctx of order) {
          const r = await load(ctx as BrowserContext, url);
          if (!r) continue;
          if (ctx === without) base.push(r.script);
          else runs.push(r);
        }
      }
      if (base.length < RUNS || runs.length < RUNS) continue;
      const names = new Set(runs.flatMap((r) => r.measures.map(([n]) => n)));
      const stepMs = new Map<string, number>();
      for (const name of names) {
        const per = runs.map((r) =>
          r.measures.filter(([n]) => n === name).reduce((a, [, d]) => a + d, 0),
        );
        stepMs.set(name, median(per));
      }
      rows.push({
        corpus: p.corpus,
        page: p.name,
        shareMs: median(runs.map((r) => r.script)) - median(base),
        steps: stepMs,
      });
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, steps };
}
