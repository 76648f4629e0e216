/**
 * Starts Debian's Chromium with the built extension loaded, and two fixture sites on two
 * origins. Every e2e test goes through here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Worker,
} from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { type Site, serve } from './server';

/** The built extension; `BROADSHEET_EXTENSION_DIR` points elsewhere (e.g. a copy, for long runs). */
export const EXTENSION_DIR = resolve(process.env.BROADSHEET_EXTENSION_DIR ?? '.output/chrome-mv3');

/**
 * The extension a harness starting now loads: BROADSHEET_EXTENSION_DIR as it is at that moment
 * (a bench sets it for each build it times, after this module was imported by another bench).
 */
function extensionDir(): string {
  return resolve(process.env.BROADSHEET_EXTENSION_DIR ?? '.output/chrome-mv3');
}
export const FIXTURES_DIR = resolve('tests/fixtures');

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  /** `http://127.0.0.1:PORT` */
  siteA: Site;
  /** `http://localhost:PORT2`: another site, so cross-site behaviour is real. */
  siteB: Site;
  userDataDir: string;
  serviceWorker(): Promise<Worker>;
  extensionUrl(path: string): string;
  /** The browser's id for the tab showing `page`. */
  tabIdOf(page: Page): Promise<number>;
  /** Opens `popup.html?tab=ID` for `page` (or a tab id) in a tab of its own. */
  openPopup(target: Page | number): Promise<Page>;
  /** Saves `page`'s article from the popup's `Save to favourites`; returns the popup, still open. */
  saveFromPopup(page: Page): Promise<Page>;
  /** Opens the reader view in `page` from the popup's `Reader view` button; returns the dialog. */
  openReader(page: Page): Promise<Locator>;
  /**
   * Opens the popup's list and the `Read offline` link of the favourite titled `title`;
   * resolves once the reader page it opens shows that title.
   */
  readOffline(title: string): Promise<{ popup: Page; reader: Page }>;
  /** Stops the extension's service worker, as the browser does when it is idle. */
  stopServiceWorker(): Promise<void>;
  /**
   * Closes the browser and starts it again on the same profile; `whileClosed` runs in between
   * (e.g. to write the profile's preferences).
   */
  restart(whileClosed?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Grants the extension an optional permission as Chromium records it once the user pressed
 * Allow (`extensions.settings.<id>.granted_permissions` and `active_permissions` in the
 * profile's `Default/Preferences`). Chromium offers no switch to answer its permission prompt
 * (headless, `permissions.request()` stays pending), so tests write this while the browser is
 * closed (`h.restart(() => grantInProfile(...))`); the extension's own `permissions.request()`
 * is then granted at once, as for a user who allowed it before.
 */
export function grantInProfile(userDataDir: string, extensionId: string, permission: string) {
  const path = join(userDataDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(path, 'utf8'));
  const ext = prefs.extensions.settings[extensionId];
  for (const key of ['granted_permissions', 'active_permissions']) {
    ext[key] ??= {};
    ext[key].api = [...new Set([...(ext[key].api ?? []), permission])];
  }
  writeFileSync(path, JSON.stringify(prefs));
}

async function launch(userDataDir: string, dir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  // Fixtures copy real pages' markup, third-party embeds included: nothing leaves this machine.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
  return context;
}

async function findWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (existing) return existing;
  return context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith('chrome-extension://'),
    timeout: 15_000,
  });
}

/** Polls `check` until it holds (10 s at most). */
async function waitUntil(
  check: () => Promise<boolean>,
  what = 'the reader to open',
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startHarness(
  opts: { userDataDir?: string; fixtures?: string } = {},
): Promise<Harness> {
  const dir = extensionDir();
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension in ${dir}: run \`npm run build\` first.`);
  }
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'broadsheet-e2e-'));
  const root = opts.fixtures ?? FIXTURES_DIR;
  const [siteA, siteB] = await Promise.all([serve(root, '127.0.0.1'), serve(root, 'localhost')]);
  let context = await launch(userDataDir, dir);
  const extensionId = new URL((await findWorker(context)).url()).host;

  const h: Harness = {
    get context() {
      return context;
    },
    extensionId,
    siteA,
    siteB,
    userDataDir,
    serviceWorker: () => findWorker(context),
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async tabIdOf(page) {
      const url = page.url();
      const sw = await findWorker(context);
      const id = await sw.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id ?? null;
      }, url);
      if (id === null) throw new Error(`no tab for ${url}`);
      return id;
    },
    async openPopup(target) {
      const id = typeof target === 'number' ? target : await h.tabIdOf(target);
      const popup = await context.newPage();
      await popup.goto(h.extensionUrl(`popup.html?tab=${id}`));
      return popup;
    },
    async saveFromPopup(page) {
      const popup = await h.openPopup(page);
      await waitUntil(
        async () => (await popup.getByRole('status').first().textContent()) === 'Article detected',
        'the popup to say "Article detected"',
      );
      const save = popup.getByRole('button', { name: 'Save to favourites' });
      await waitUntil(async () => (await save.getAttribute('aria-pressed')) === 'false');
      await save.click();
      const deadline = Date.now() + 15_000;
      while ((await save.getAttribute('aria-pressed')) !== 'true') {
        if (Date.now() > deadline) throw new Error('timed out waiting for the save');
        await new Promise((r) => setTimeout(r, 50));
      }
      return popup;
    },
    async openReader(page) {
      const popup = await h.openPopup(page);
      const button = popup.getByRole('button', { name: 'Reader view' });
      await waitUntil(() => button.isEnabled());
      // Opening the reader closes the popup.
      const closed = popup.waitForEvent('close', { timeout: 15_000 });
      await button.click();
      await closed;
      const dialog = page.getByRole('dialog', { name: 'Reader view' });
      await dialog.waitFor();
      return dialog;
    },
    async readOffline(title) {
      const popup = await context.newPage();
      await popup.goto(h.extensionUrl('popup.html'));
      const item = popup.getByRole('listitem').filter({ hasText: title });
      await item.waitFor({ timeout: 10_000 });
      const [reader] = await Promise.all([
        context.waitForEvent('page'),
        item.getByRole('link', { name: 'Read offline' }).click(),
      ]);
      await reader.waitForLoadState();
      const h1 = reader.getByRole('heading', { level: 1 });
      await waitUntil(async () => (await h1.textContent()) === title, `the saved copy "${title}"`);
      return { popup, reader };
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      type Version = { versionId: string; scriptURL: string; runningStatus: string };
      const versions = new Map<string, Version>();
      // A worker that was stopped may be woken again at once (an alarm, a sync
      // or bookmarks event, a page's message): what counts is that each of our
      // versions was seen stopped after the request, not that it stays so.
      const stoppedSince = new Set<string>();
      let requested = false;
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
        for (const v of e.versions) {
          versions.set(v.versionId, v);
          if (requested && v.runningStatus === 'stopped') stoppedSince.add(v.versionId);
        }
      });
      await cdp.send('ServiceWorker.enable');
      const ours = () =>
        [...versions.values()].filter((v) =>
          v.scriptURL.startsWith(`chrome-extension://${extensionId}/`),
        );
      const running = Date.now() + 10_000;
      while (!ours().some((v) => v.runningStatus === 'running') && Date.now() < running) {
        await new Promise((r) => setTimeout(r, 50));
      }
      requested = true;
      for (const v of ours()) {
        if (v.runningStatus === 'stopped') stoppedSince.add(v.versionId);
        else await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
      }
      const deadline = Date.now() + 15_000;
      const allSeenStopped = () =>
        ours().length > 0 && ours().every((v) => stoppedSince.has(v.versionId));
      while (!allSeenStopped() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const stopped = allSeenStopped();
      await cdp.detach();
      if (!stopped) throw new Error('the service worker did not stop');
    },
    async restart(whileClosed) {
      await context.close();
      await whileClosed?.();
      context = await launch(userDataDir, dir);
      await findWorker(context);
    },
    async close() {
      await context.close().catch(() => {});
      await Promise.all([siteA.close(), siteB.close()]);
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return h;
}
