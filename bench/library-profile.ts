/**
 * Where the library page's time goes (not a benchmark: a profile for one build), at 10 000
 * favourites seeded as `npm run bench -- library` seeds them (without the highlights and the
 * Pocket import). For each of a few library.html opens: when the first row is in the DOM, when
 * it is painted, how many Tag options were already built by then, and the long tasks; then a
 * CPU profile (CDP Profiler) of one open, one tag pick, one search and the bulk tag, listed by
 * self time. `npx tsx bench/library-profile.ts [build dir]`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { importThroughOptions } from './favourites-time';
import { seedFile } from './library-time';

const N = Number(process.env.BROADSHEET_PROFILE_FAVOURITES ?? 10_000);
const OPENS = 5;

const PROBE = `(() => {
  globalThis.__name ??= (f) => f;
  if (!location.pathname.endsWith('/library.html')) return;
  const out = (window.__bsProfile = { longTasks: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) out.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask', buffered: true });
  const sel = 'ul[aria-label="Favourites"] > li[data-index] a.lib-title';
  const obs = new MutationObserver(() => {
    if (!document.querySelector(sel)) return;
    obs.disconnect();
    out.inDom = performance.now();
    out.optionsAtDom = document.querySelectorAll('#lib-tag option').length;
    requestAnimationFrame(() => {
      out.raf = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        out.painted = performance.now();
        out.optionsAtPaint = document.querySelectorAll('#lib-tag option').length;
        out.dcl = performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart;
      };
      ch.port2.postMessage(0);
    });
  });
  obs.observe(document, { childList: true, subtree: true });
})();`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self time by function (ms), from a CDP CPU profile, biggest first. */
function selfTimes(profile: {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const f = node.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  // Native calls (no file) are listed with the function of ours that called them.
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node);
  const callers = new Map<string, Map<string, number>>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node || node.callFrame.url || !node.callFrame.functionName) return;
    let up = parent.get(id);
    while (up && !up.callFrame.url) up = parent.get(up.id);
    const who = up
      ? `${up.callFrame.functionName || '(anonymous)'} ${up.callFrame.url.split('/').pop()}:${up.callFrame.lineNumber + 1}:${(up.callFrame as { columnNumber?: number }).columnNumber ?? 0}`
      : '?';
    const m = callers.get(node.callFrame.functionName) ?? new Map<string, number>();
    m.set(who, (m.get(who) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    callers.set(node.callFrame.functionName, m);
  });
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([k, v]) => {
      const from = callers.get(k.split(' ')[0] ?? '');
      const top = from
        ? ` <- ${[...from]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([w, t]) => `${w} ${t.toFixed(1)}`)
            .join('; ')}`
        : '';
      return `    ${v.toFixed(1).padStart(7)} ms  ${k}${top}`;
    });
}

async function profiled<T>(cdp: CDPSession, label: string, fn: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`  CPU profile, ${label} (self time):`);
  for (const line of selfTimes(profile as never)) console.log(line);
  return result;
}

/** Trace events of the renderer's main threads while `fn` runs, summed by name (ms). */
async function traced<T>(cdp: CDPSession, label: string, fn: () => Promise<T>): Promise<T> {
  const events: {
    name: string;
    ph: string;
    dur?: number;
    pid: number;
    tid: number;
    args?: { name?: string };
  }[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
  const done = new Promise<void>((ok) => cdp.once('Tracing.tracingComplete', () => ok()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink,IndexedDB,toplevel,loading',
    transferMode: 'ReportEvents',
  });
  const result = await fn();
  await cdp.send('Tracing.end');
  await done;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const sums = new Map<string, [number, number]>();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const [ms, n] = sums.get(e.name) ?? [0, 0];
    sums.set(e.name, [ms + (e.dur ?? 0) / 1000, n + 1]);
  }
  console.log(`  trace, ${label} (renderer main threads, summed by event, nested counted twice):`);
  for (const [name, [ms, n]] of [...sums].sort((a, b) => b[1][0] - a[1][0]).slice(0, 22)) {
    console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${String(n).padStart(6)}x  ${name}`);
  }
  return result;
}

async function openOnce(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.bringToFront();
  const handle = await page.waitForFunction(
    () =>
      (window as unknown as { __bsProfile?: { optionsAtPaint?: number } }).__bsProfile
        ?.optionsAtPaint !== undefined &&
      (window as unknown as { __bsProfile: object }).__bsProfile,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(400);
  return (await page.evaluate(
    () => (window as unknown as { __bsProfile: object }).__bsProfile,
  )) as {
    dcl: number;
    inDom: number;
    raf: number;
    painted: number;
    optionsAtDom: number;
    optionsAtPaint: number;
    longTasks: [number, number][];
  } & typeof handle;
}

async function main() {
  const dir = resolve(process.argv[2] ?? '.output/chrome-mv3');
  const copy = mkdtempSync(join(tmpdir(), 'broadsheet-lib-profile-ext-'));
  cpSync(dir, copy, { recursive: true });
  process.env.BROADSHEET_EXTENSION_DIR = copy;
  const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-lib-profile-'));
  const { startHarness } = await import('../tests/e2e/harness');
  const h = await startHarness();
  try {
    await h.context.addInitScript(PROBE);
    const options = await h.context.newPage();
    await options.goto(h.extensionUrl('options.html'));
    const seed = seedFile(N);
    const seedPath = join(tmp, 'seed.json');
    writeFileSync(seedPath, seed.text);
    const seeded = await importThroughOptions(options, seedPath, 900_000);
    console.log(`seeded ${N} in ${(seeded.ms / 1000).toFixed(1)} s`);
    const page = await h.context.newPage();
    const url = h.extensionUrl('library.html');
    for (let i = 0; i < OPENS; i++) {
      const p = await openOnce(page, url);
      const tasks = p.longTasks.map(([at, d]) => `${d}@${at}`).join(' ');
      console.log(
        `open ${i + 1}: DCL ${p.dcl.toFixed(0)}, row in DOM ${p.inDom.toFixed(0)}, rAF ${p.raf.toFixed(0)}, painted ${p.painted.toFixed(0)} ms; Tag options at DOM ${p.optionsAtDom}, at paint ${p.optionsAtPaint}; long tasks (ms@start) ${tasks || 'none'}`,
      );
    }
    const cdp = await h.context.newCDPSession(page);
    await profiled(cdp, 'one open', () => openOnce(page, url));
    await traced(cdp, 'one open', () => openOnce(page, url));
    await page.waitForTimeout(1000);
    const pick = (tag: string) =>
      page.evaluate(async (name) => {
        const select = document.querySelector<HTMLSelectElement>('#lib-tag');
        if (!select) throw new Error('no Tag combobox');
        const before = document.querySelector('.library > .fav-count')?.textContent;
        const t0 = performance.now();
        select.value = name;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await new Promise<void>((done) => {
          const check = () =>
            document.querySelector('.library > .fav-count')?.textContent !== before
              ? done()
              : requestAnimationFrame(check);
          check();
        });
        await new Promise((done) => requestAnimationFrame(done));
        return performance.now() - t0;
      }, tag);
    console.log(
      `  traced tag pick: ${(await traced(cdp, 'one tag pick', () => pick('topic 0017'))).toFixed(0)} ms`,
    );
    await pick('');
    const tagMs = await profiled(cdp, 'tag pick x4', async () => {
      const out: number[] = [];
      for (const k of [17, 421, 999, 1500]) {
        out.push(await pick(`topic ${String(k).padStart(4, '0')}`));
        await pick('');
      }
      return out;
    });
    console.log(`  tag picks: ${tagMs.map((m) => m.toFixed(0)).join(', ')} ms`);
    const searchMs = await profiled(cdp, 'search x4', async () => {
      const out: number[] = [];
      for (const q of ['uniq1234', 'uniq777', ...seed.words.slice(0, 2)]) {
        out.push(
          await page.evaluate(async (query) => {
            const box = document.querySelector<HTMLInputElement>('input.lib-search');
            if (!box) throw new Error('no search box');
            box.value = '';
            box.dispatchEvent(new InputEvent('input', { bubbles: true }));
            await new Promise((done) => setTimeout(done, 300));
            const t0 = performance.now();
            box.value = query;
            box.dispatchEvent(new InputEvent('input', { bubbles: true }));
            await new Promise<void>((done) => {
              const check = () =>
                document.querySelector('li[data-index] mark')
                  ? done()
                  : requestAnimationFrame(check);
              check();
            });
            await new Promise((done) => requestAnimationFrame(done));
            return performance.now() - t0;
          }, q),
        );
      }
      return out;
    });
    console.log(`  searches: ${searchMs.map((m) => m.toFixed(0)).join(', ')} ms`);
    await page.evaluate(() => {
      const box = document.querySelector<HTMLInputElement>('input.lib-search');
      if (box) {
        box.value = '';
        box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }
    });
    await pick('reading-list');
    await page.getByRole('checkbox', { name: 'Select all', exact: true }).check();
    await page.getByText('1,000 selected').waitFor();
    await page.getByRole('button', { name: 'Add tag…' }).click();
    await page.getByLabel('Tag to add').fill('bulk tagged');
    const bulkMs = await profiled(cdp, 'bulk tag of 1 000', () =>
      page.evaluate(async () => {
        const form = document.querySelector<HTMLFormElement>('form.lib-tag-form');
        if (!form) throw new Error('no tag form');
        const t0 = performance.now();
        form.requestSubmit();
        await new Promise<void>((done) => {
          const check = () =>
            /Tagged 1,000 favourites/.test(document.body.textContent ?? '')
              ? done()
              : requestAnimationFrame(check);
          check();
        });
        return performance.now() - t0;
      }),
    );
    console.log(`  bulk tag: ${bulkMs.toFixed(0)} ms`);
  } finally {
    await h.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
