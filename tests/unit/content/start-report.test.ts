import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installDeep } from '../../../utils/content/deep-impl';
import type { Lifetime } from '../../../utils/content/lifetime';
import { startPage } from '../../../utils/content/start';
import type { PageReport } from '../../../utils/messaging';
import { localUiStrings } from '../../../utils/ui-strings';

let invalid = false;
afterEach(() => {
  invalid = true; // Stops the page's watchers and timers from acting on the next test.
  fakeBrowser.reset();
  vi.useRealTimers();
});

/** The test page's document becomes `fixture` (tests/fixtures/…), at `path`. */
function openPage(fixture: string, path: string) {
  document.open();
  document.write(readFileSync(`tests/fixtures/${fixture}`, 'utf8'));
  document.close();
  history.replaceState(null, '', path);
}

/** Starts the always-on script on the test page, until the test ends. */
function start() {
  invalid = false;
  const life: Lifetime = {
    get isInvalid() {
      return invalid;
    },
    onInvalidated: () => {},
  };
  startPage(life);
}

/**
 * The always-on script reports a page's verdict once it is settled: where the second part has
 * to finish it (a thread, with metadata that leaves it open), no report says "not an article,
 * no kind" in between, which the popup would show as the page's verdict. And it finishes it
 * only when someone needs it: the popup asks (`page:verdict`), or the reader scrolls.
 */
describe('startPage: the report waits for the verdict', () => {
  function threadPage() {
    openPage('detect/discussion-thread.html', '/detect/discussion-thread.html');
    const reports: PageReport[] = [];
    const seen = { deepAsked: 0 };
    fakeBrowser.runtime.onMessage.addListener(async (raw: unknown) => {
      const msg = raw as { type: string; report?: PageReport };
      if (msg.type === 'page:hello') {
        return { ok: true, value: { settings: undefined, strings: localUiStrings() } };
      }
      if (msg.type === 'page:deep') {
        seen.deepAsked++;
        // The background injects the second part: slower than the first report's delay.
        await new Promise((r) => setTimeout(r, 300));
        installDeep();
        return { ok: true, value: true };
      }
      if (msg.type === 'page:report' && msg.report) reports.push(msg.report);
      return undefined;
    });
    return { reports, seen };
  }

  function expectSettled(reports: PageReport[]) {
    expect(reports[0]?.detection.isArticle).toBe(false);
    // The first report already carries the kind the second part found, as the last one does.
    expect(reports[0]?.detection.reasons.length).toBeGreaterThan(0);
    expect(reports[0]?.detection).toEqual(reports.at(-1)?.detection);
    expect(reports[0]?.detection.reasons.join(' ')).toMatch(/kind:/);
  }

  type Trigger = (message: unknown, sender: unknown, respond: (a: unknown) => void) => unknown;

  it('a page the second part judges is read only once the popup asks, and first reported with that verdict', async () => {
    const { reports, seen } = threadPage();
    start();
    // Past the first look and the report's delay: nothing read, nothing said.
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.deepAsked).toBe(0);
    expect(reports).toEqual([]);
    const answers: unknown[] = [];
    (fakeBrowser.runtime.onMessage.trigger as unknown as Trigger)(
      { type: 'page:verdict' },
      {},
      (a) => answers.push(a),
    );
    expect(answers).toEqual([true]);
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.deepAsked).toBe(1);
    expectSettled(reports);
  });

  it("the reader's first scroll settles it too", async () => {
    const { reports, seen } = threadPage();
    start();
    await new Promise((r) => setTimeout(r, 400));
    expect(reports).toEqual([]);
    document.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 3000 });
    expect(seen.deepAsked).toBe(1);
    expectSettled(reports);
  });
});

describe("startPage: the address's signals come from the background", () => {
  async function firstReport(address: (href: string) => unknown): Promise<PageReport> {
    openPage('basic/article-en.html', '/2024/05/14/a-long-slug-for-the-article-page');
    const reports: PageReport[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (raw: unknown) => {
      const msg = raw as { type: string; report?: PageReport };
      if (msg.type === 'page:hello') {
        const value = {
          settings: undefined,
          strings: localUiStrings(),
          address: address(location.href),
        };
        return { ok: true, value };
      }
      if (msg.type === 'page:report' && msg.report) reports.push(msg.report);
      return undefined;
    });
    start();
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 3000 });
    return reports[0] as PageReport;
  }

  it("uses what the background says of the page's own address", async () => {
    const r = await firstReport((href) => ({ url: href, signals: ['url:home'] }));
    expect(r.detection.reasons).toContain('url:home');
    expect(r.detection.reasons).not.toContain('url:slug');
  });

  it('works the address out itself when the page has moved on from the one the background saw', async () => {
    const r = await firstReport(() => ({
      url: 'https://elsewhere.example/',
      signals: ['url:home'],
    }));
    expect(r.detection.reasons).not.toContain('url:home');
    expect(r.detection.reasons).toEqual(expect.arrayContaining(['url:date', 'url:slug']));
  });

  it('works it out itself when the background sent none', async () => {
    const r = await firstReport(() => undefined);
    expect(r.detection.reasons).toEqual(expect.arrayContaining(['url:date', 'url:slug']));
  });
});
