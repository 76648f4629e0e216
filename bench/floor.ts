/**
 * What any always-on content script pays before it does its own work: ScriptDuration (with the
 * extension minus without, as content-time.ts measures it) of minimal extensions built here,
 * each doing a little more than the one before, next to Broadsheet's own script. It shows how
 * much of the content script's time is the price of running at all in a page's fresh isolated
 * world: the `chrome.runtime` bindings, the first use of `location`, of a regular expression,
 * of each DOM interface.
 *
 * `npm run bench -- floor`, with page scripts off (`npm run bench -- content` measures with them
 * on, and has the empty script as its control). Every second corpus page, each loaded twice per browser (the
 * smaller figure kept), the browsers interleaved page by page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { serve } from '../tests/e2e/server';
import { launchWithExtension, scriptDurationMs } from './browser';
import { bundleScript } from './bundle';
import { corpusPages, READABILITY } from './corpus';

const LOADS = 2;

/** The minimal scripts, each the one before plus one step. */
const REPORT = `chrome.runtime.sendMessage({ type: 'page:report', report }).catch(() => {});`;
export const FLOOR_STEPS: { name: string; code: string }[] = [
  { name: 'empty content script', code: '' },
  {
    name: 'one runtime message (and its answer)',
    code: `const report = 1; ${REPORT}`,
  },
  {
    name: 'at DOMContentLoaded: location, title, one query, one message',
    code: `document.addEventListener('DOMContentLoaded', () => {
      const report = { url: location.href, title: document.title, n: document.querySelectorAll('p').length };
      ${REPORT}
    }, { once: true });`,
  },
  {
    name: '+ what the URL says (urlSignals: string work, a few regular expressions)',
    code: `import { urlSignals } from '@/utils/article/detect';
    document.addEventListener('DOMContentLoaded', () => {
      const report = { url: location.href, title: document.title, reasons: urlSignals(location) };
      ${REPORT}
    }, { once: true });`,
  },
  {
    name: '+ structured data (JSON-LD, meta tags, microdata)',
    code: `import { structuredSignals, urlSignals } from '@/utils/article/detect';
    document.addEventListener('DOMContentLoaded', () => {
      const reasons = [...urlSignals(location), ...structuredSignals(document)];
      const report = { url: location.href, title: document.title, reasons };
      ${REPORT}
    }, { once: true });`,
  },
  {
    name: '+ isProbablyReaderable when those leave it open: detection and report alone',
    code: `import { detectArticle } from '@/utils/article/detect';
    document.addEventListener('DOMContentLoaded', () => {
      const report = { url: location.href, title: document.title, detection: detectArticle(document, location) };
      ${REPORT}
    }, { once: true });`,
  },
];

const MANIFEST = (name: string) =>
  JSON.stringify({
    manifest_version: 3,
    name,
    version: '1',
    background: { service_worker: 'bg.js' },
    content_scripts: [{ matches: ['http://*/*'], js: ['cs.js'], run_at: 'document_start' }],
  });
const BACKGROUND =
  'chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true, value: {} }); });';

export async function buildStep(dir: string, name: string, code: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), MANIFEST(name));
  writeFileSync(join(dir, 'bg.js'), BACKGROUND);
  await bundleScript(code, join(dir, 'cs.js'), { sourcefile: 'floor.ts' });
}

export interface FloorRow {
  name: string;
  /** Extra ScriptDuration per page, ms, one figure per page. */
  ms: number[];
}

/** The floor steps, then Broadsheet's built always-on script (`extDir`), on the same pages. */
export async function floorTimes(extDir: string): Promise<FloorRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-floor-'));
  const site = await serve(READABILITY, '127.0.0.1');
  const exts: { name: string; dir: string }[] = [];
  const contexts: BrowserContext[] = [];
  try {
    for (const [i, step] of FLOOR_STEPS.entries()) {
      const ext = join(dir, `step-${i}`);
      await buildStep(ext, `floor ${i}`, step.code);
      exts.push({ name: step.name, dir: ext });
    }
    exts.push({ name: "Broadsheet's always-on script", dir: resolve(extDir) });
    for (const ext of [null, ...exts.map((e) => e.dir)]) {
      contexts.push((await launchWithExtension(ext, dir, { javaScript: false })).ctx);
    }
    const rows: FloorRow[] = exts.map((e) => ({ name: e.name, ms: [] }));
    const pages = corpusPages().filter((_, i) => i % 2 === 0);
    for (const p of pages) {
      const url = `${site.origin}/${p.name}/source.html`;
      const best = contexts.map(() => Number.POSITIVE_INFINITY);
      for (let run = 0; run < LOADS; run++) {
        for (const [k, ctx] of contexts.entries()) {
          best[k] = Math.min(
            best[k] as number,
            (await scriptDurationMs(ctx, url, 300)) ?? Number.POSITIVE_INFINITY,
          );
        }
      }
      for (const [k, row] of rows.entries()) {
        row.ms.push(Math.max(0, (best[k + 1] as number) - (best[0] as number)));
      }
    }
    return rows;
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
