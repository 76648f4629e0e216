/**
 * Reader-open time per corpus page, in headless Chromium: what the in-page reader does when it
 * opens (isTooLarge + extractArticle: Readability on a clone, our clean-up, DOMPurify; then the
 * Preact reader rendered into the shadow-root overlay, and the layout that follows), next to
 * `new Readability(document.cloneNode(true)).parse()` alone on the same page.
 *
 * The product modules are bundled at bench time with esbuild (`wxt/browser` replaced by a stub
 * that answers i18n with the English strings and storage with nothing), evaluated in each page
 * and timed there with performance.now(). Page scripts are off, requests off the loopback
 * server are aborted. Not included: the background round trip that precedes opening.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';
import { serve } from '../tests/e2e/server';
import { corpusPages, READABILITY } from './corpus';

/** Timed runs per page; the median is kept. One untimed run warms up first. */
const RUNS = 5;
const ROOT = resolve('.');

export interface ReaderTimeRow {
  page: string;
  /** Median reader-open time (extract + render + layout), ms. */
  readerMs: number;
  /** Of which extraction (isTooLarge + extractArticle), ms. */
  extractMs: number;
  /** Of which overlay + Preact render + layout, ms. */
  renderMs: number;
  /** Median `Readability.parse()` alone on a clone, ms. */
  readabilityMs: number;
  /** Whether the reader showed an article (not the "no article" message). */
  opened: boolean;
}

const ENTRY = `
import { Readability } from '@mozilla/readability';
import { h, render } from 'preact';
import { InPageReader } from '@/components/reader/InPageReader';
import { mountReaderOverlay } from '@/components/reader/overlay';
import { extractArticle, isTooLarge } from '@/utils/article/extract';

function readerOnce() {
  const t0 = performance.now();
  const url = new URL(location.href);
  const article = isTooLarge(document) ? null : extractArticle(document, url);
  const t1 = performance.now();
  const overlay = mountReaderOverlay(document, (container, close) => {
    render(
      h(InPageReader, {
        initial: article ?? 'no-article',
        tryAnyway: () => null,
        onClose: close,
        onSave: async () => false,
        saved: false,
      }),
      container,
    );
  });
  // Style and layout of what was rendered, as the first paint needs them.
  void overlay.dialog.getBoundingClientRect().height;
  void (overlay.shadowRoot.querySelector('article') ?? overlay.dialog).scrollHeight;
  const t2 = performance.now();
  const opened = !!overlay.shadowRoot.querySelector('h1') && !!article;
  overlay.close();
  return { extract: t1 - t0, render: t2 - t1, opened };
}

function readabilityOnce() {
  const t0 = performance.now();
  new Readability(document.cloneNode(true)).parse();
  return performance.now() - t0;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

globalThis.__bsReaderBench = (runs) => {
  readerOnce();
  readabilityOnce();
  const reader = [], extract = [], rend = [], rd = [];
  let opened = false;
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? [0, 1] : [1, 0];
    for (const which of order) {
      if (which === 0) {
        const r = readerOnce();
        reader.push(r.extract + r.render);
        extract.push(r.extract);
        rend.push(r.render);
        opened = r.opened;
      } else {
        rd.push(readabilityOnce());
      }
    }
  }
  return {
    readerMs: median(reader),
    extractMs: median(extract),
    renderMs: median(rend),
    readabilityMs: median(rd),
    opened,
  };
};
`;

/** `wxt/browser` for a page without extension APIs: English strings, empty storage. */
function browserStub(): string {
  const messages = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8'));
  return `
const messages = ${JSON.stringify(messages)};
const noop = () => {};
export const browser = {
  i18n: {
    getMessage(key, subs) {
      const m = messages[key];
      if (!m) return '';
      const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
      return m.message.replace(/\\$(\\d)/g, (_, n) => list[Number(n) - 1] ?? '');
    },
    getUILanguage: () => 'en-US',
  },
  storage: {
    sync: { get: async () => ({}), set: async () => {} },
    local: { get: async () => ({}), set: async () => {} },
    onChanged: { addListener: noop, removeListener: noop },
  },
  runtime: { sendMessage: async () => undefined, onMessage: { addListener: noop } },
};
export default browser;
`;
}

function aliases(): Plugin {
  return {
    name: 'broadsheet-bench-aliases',
    setup(b) {
      b.onResolve({ filter: /^wxt\/browser$/ }, () => ({ path: 'wxt-browser', namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: browserStub(),
        loader: 'js',
      }));
      b.onResolve({ filter: /^@\// }, (args) =>
        b.resolve(`./${args.path.slice(2)}`, { resolveDir: ROOT, kind: args.kind }),
      );
    },
  };
}

/** Bundles the reader entry (minified, as shipped) into a file under the OS temp dir. */
export async function bundleReader(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-reader-bench-'));
  const outfile = join(dir, 'reader-bench.js');
  try {
    await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'tsx', sourcefile: 'reader-bench.tsx' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      minify: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      loader: { '.css': 'empty' },
      plugins: [aliases()],
      outfile,
      logLevel: 'error',
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One row per corpus page (the extension directory is not needed: the modules are bundled). */
export async function readerTimes(_extDir?: string, limit = Infinity): Promise<ReaderTimeRow[]> {
  const code = await bundleReader();
  const site = await serve(READABILITY, '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const rows: ReaderTimeRow[] = [];
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => r.abort());
    for (const p of corpusPages().slice(0, limit)) {
      const page = await context.newPage();
      await page.goto(`${site.origin}/${p.name}/source.html`, { waitUntil: 'load' });
      // An isolated world, as the reader's content script has: page scripts stay off, ours run.
      const cdp = await context.newCDPSession(page);
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', {
        frameId: frameTree.frame.id,
        worldName: 'broadsheet-reader-bench',
      });
      const run = async <T>(expression: string): Promise<T> => {
        const res = await cdp.send('Runtime.evaluate', {
          expression,
          contextId,
          returnByValue: true,
        });
        if (res.exceptionDetails) {
          throw new Error(`${p.name}: ${res.exceptionDetails.exception?.description ?? 'error'}`);
        }
        return res.result.value as T;
      };
      await run(code);
      const r = await run<Omit<ReaderTimeRow, 'page'>>(`__bsReaderBench(${RUNS})`);
      await cdp.detach();
      rows.push({ page: p.name, ...r });
      await page.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return rows;
}
