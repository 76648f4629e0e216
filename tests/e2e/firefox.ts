/**
 * Starts Debian's Firefox ESR headless through puppeteer-core over WebDriver BiDi, with the
 * Firefox build of Broadsheet installed as a temporary add-on, and opens its pages.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv2');
/** `browser_specific_settings.gecko.id` in wxt.config.ts. */
export const GECKO_ID = 'broadsheet@broadsheet.example';
/** Pinned through `extensions.webextensions.uuids`, so `moz-extension://` URLs are known. */
export const EXTENSION_UUID = '6f1d2c3b-8a4e-4b7f-9c0d-5e2a1b3c4d5e';

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(
      `Firefox was not found at ${path}. Install Debian's Firefox ESR (as root: ` +
        '`apt-get update && apt-get install -y firefox-esr`) or set FIREFOX_PATH to a Firefox binary.',
    );
  }
  return path;
}

/**
 * Keeps the test browser off the network and quiet. puppeteer's own profile defaults already
 * point Normandy, Remote Settings and the health report at `dummy.test`; these close the rest.
 */
/** The discard port: nothing listens there, connections are refused at once. */
const DEAD_PORT = 9;

export const FIREFOX_PREFS: Record<string, unknown> = {
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
  // The UI language the extension's `_locales` resolve against.
  'intl.locale.requested': 'en-US',
  'intl.accept_languages': 'en-US, en',
  // Telemetry, studies, experiments.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  // Updates of the browser, add-ons, system add-ons, plugins, search engines, region.
  'app.update.enabled': false,
  'app.update.auto': false,
  'extensions.update.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-provider.enabled': false,
  'browser.search.update': false,
  'browser.region.update.enabled': false,
  'browser.region.network.url': '',
  // Safe Browsing lists.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  // Captive portal and connectivity probes, DNS over HTTPS, push, prefetching, OCSP.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'dom.push.connection.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'security.OCSP.enabled': 0,
  // Remote Settings (blocklists, experiments, translations models) and other services.
  'services.settings.server': `http://127.0.0.1:${DEAD_PORT}/v1`,
  'browser.topsites.contile.enabled': false,
  'browser.translations.enable': false,
  'browser.ml.enable': false,
  'identity.fxaccounts.enabled': false,
  'extensions.abuseReport.enabled': false,
  // Anything that is not loopback (the seed fixture's Disqus iframe, for one) goes to a proxy
  // on a closed loopback port and fails at once; loopback origins never use a proxy.
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': DEAD_PORT,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': DEAD_PORT,
  'network.proxy.allow_hijacking_localhost': false,
  // Print console messages (the background page's included) to stdout, for failure reports.
  'devtools.console.stdout.chrome': true,
  'devtools.console.stdout.content': true,
};

/**
 * Release builds ignore `services.settings.server` unless this is set. (Not
 * MOZ_DISABLE_NONLOCAL_CONNECTIONS: under WebDriver, Firefox crashes on the first non-local
 * connection instead of refusing it.)
 */
export const FIREFOX_ENV: Record<string, string> = { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };

/** Browser output worth showing when a test fails: errors of the extension and its pages. */
const RELEVANT = /^(console\.(error|warn)|JavaScript (error|warning)):|moz-extension:/;
/** The test harness's own noise: WebDriver BiDi, and Remote Settings failing off-line. */
const NOISE = /chrome:\/\/remote\/|resource:\/\/services-settings\/|RSLoader|find the attachment/;

export interface FirefoxSession {
  browser: Browser;
  /** The add-on id Firefox reports after installing it (the gecko id). */
  addonId: string;
  extensionUrl(path: string): string;
  /** Lines the browser printed that mention the extension or a JavaScript error. */
  logs(): string[];
  close(): Promise<void>;
}

export async function startFirefox(
  opts: { prefs?: Record<string, unknown> } = {},
): Promise<FirefoxSession> {
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`,
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Firefox 153 lets WebDriver open only http(s), file, blob and about:blank pages unless
    // system access is allowed; the popup is a moz-extension:// page.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...opts.prefs },
    env: { ...process.env, ...FIREFOX_ENV },
    defaultViewport: { width: 1280, height: 800 },
    protocolTimeout: 20_000,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (RELEVANT.test(line) && !NOISE.test(line)) lines.push(line.trim());
    }
  };
  browser.process()?.stdout?.on('data', keep);
  browser.process()?.stderr?.on('data', keep);

  let addonId: string;
  try {
    // WebDriver BiDi `webExtension.install` with a path: a temporary add-on, unsigned is fine.
    addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (e) {
    await closeBrowser(browser);
    throw e;
  }
  return {
    browser,
    addonId,
    extensionUrl: (path) => `moz-extension://${EXTENSION_UUID}/${path.replace(/^\//, '')}`,
    logs: () => [...lines],
    close: () => closeBrowser(browser),
  };
}

async function closeBrowser(browser: Browser): Promise<void> {
  const proc = browser.process();
  const timer = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), 10_000).unref());
  const closed = browser.close().then(
    () => 'closed' as const,
    () => 'failed' as const,
  );
  if ((await Promise.race([closed, timer])) !== 'closed' && proc && proc.exitCode === null) {
    proc.kill('SIGKILL');
  }
}

/** Polls `check` until it returns a truthy value; errors count as "not yet". */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T>,
  timeout = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Opens a `moz-extension://` page in `page`. Firefox loads it but sends no BiDi navigation
 * events for extension pages, so `page.goto()` never settles (puppeteer issue #14314):
 * start it, wait until the document itself says it is there, then abandon the wait.
 */
export async function openExtensionPage(page: Page, url: string, timeout = 10_000) {
  const abandon = new AbortController();
  const goto = page.goto(url, { signal: abandon.signal, timeout }).catch(() => null);
  try {
    await waitFor(
      `${url} to load`,
      async () =>
        (await page.evaluate(() => `${location.href} ${document.readyState}`)) ===
        `${url} complete`,
      timeout,
    );
  } finally {
    abandon.abort();
    await goto;
  }
}
