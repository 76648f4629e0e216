/**
 * What a hostile page can try against Broadsheet, in the built extension: markup and script in
 * an article, look-alike messages, switching the content script off, talking to the
 * background from outside, and the network: nothing runs, nothing is spoofed, nothing leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { EXTENSION_DIR, type Harness, startHarness } from './harness';

let h: Harness;
/** Every request the browser made during this file, with who made it. */
const requests: { url: string; by: string }[] = [];

function record(req: Request) {
  const worker = req.serviceWorker();
  let by = 'page';
  if (worker) by = `worker ${worker.url()}`;
  else {
    try {
      by = `frame ${req.frame().url()}`;
    } catch {
      by = 'unknown';
    }
  }
  requests.push({ url: req.url(), by });
}

beforeAll(async () => {
  h = await startHarness();
  h.context.on('request', record);
  // Every page, ours included, notes what its content security policy refused.
  await h.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective}: ${e.sample}`),
    );
  });
});

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
afterAll(async () => {
  await h?.close();
});

/**
 * Everything in `root` that could run script or lead to a script/data URL: event-handler
 * attributes, javascript:/vbscript:/data: links and form targets, and elements that embed or
 * run code. Self-contained: it is serialised into pages.
 */
function scanForActiveContent(where: string): string[] {
  const bad: string[] = [];
  let root: ParentNode | null = document.body;
  if (where === 'reader-overlay') {
    root = document.querySelector('broadsheet-reader')?.shadowRoot ?? null;
    if (!root) return ['no reader overlay'];
  } else if (where !== 'document') {
    root = new DOMParser().parseFromString(where, 'text/html').body;
  }
  const scheme = (v: string) =>
    // What the URL parser would see: controls and whitespace dropped, any case.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
    v.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'frame', 'base', 'meta'].includes(tag)) bad.push(tag);
    if (tag === 'script' && where !== 'document') bad.push('script');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${tag}[${name}]`);
      if (['href', 'xlink:href', 'action', 'formaction', 'src', 'srcdoc'].includes(name)) {
        const v = scheme(attr.value);
        const isImage = name === 'src' && tag === 'img' && v.startsWith('data:image/');
        if (/^(javascript|vbscript|data):/.test(v) && !isImage) {
          bad.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
        }
      }
    }
  }
  return bad;
}

/** Console errors that say the browser blocked something (CSP) or a page script failed. */
function watchConsole(page: Page): string[] {
  const out: string[] = [];
  page.on('console', (m) => {
    if (/refused|content security policy|unsafe-inline/i.test(m.text())) out.push(m.text());
  });
  page.on('pageerror', (e) => out.push(`pageerror: ${e.message}`));
  return out;
}

const pwned = (page: Page) =>
  page.evaluate(() => ({
    marker: document.documentElement.dataset.pwned ?? null,
    global: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
  }));

async function storedFavourites(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ favs: Record<string, unknown>[]; copies: { html: string }[] }>((ok, fail) => {
        const open = indexedDB.open('broadsheet-favourites');
        // Never create the database here: the extension must create it at its own version.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () =>
          open.error?.name === 'AbortError' ? ok({ favs: [], copies: [] }) : fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['favourites', 'copies']);
          const favs = tx.objectStore('favourites').getAll();
          const copies = tx.objectStore('copies').getAll();
          tx.oncomplete = () => {
            db.close();
            ok({ favs: favs.result, copies: copies.result });
          };
        };
      }),
  );
}

test('markup and script in title, byline and body run nowhere; no javascript:/data: URL kept', async () => {
  const page = await h.context.newPage();
  const pageLog = watchConsole(page);
  await page.goto(`${h.siteA.origin}/hostile/xss-article.html`);
  const title = await page.title();
  expect(title).toContain('<img src=x onerror=');
  // From now on any handler the page's markup carries marks the page when it runs.
  await page.evaluate(() => {
    (window as unknown as { __armed: boolean }).__armed = true;
  });

  const first = await h.openPopup(page);
  await expect.poll(() => first.locator('#tab-status').textContent()).toBe('Article detected');
  // Opening the reader closes the popup; it is opened again to save.
  const closed = first.waitForEvent('close');
  await first.getByRole('button', { name: 'Reader view' }).click();
  await closed;

  const dialog = page.getByRole('dialog', { name: 'Reader view' });
  await dialog.waitFor();
  // The title is shown as text (markup in it is text too, or dropped), never parsed.
  const heading = await dialog.getByRole('heading', { level: 1 }).textContent();
  expect(heading).toContain('Harbour budget passes');
  expect(await dialog.innerText()).toContain('lost almost a metre of stone');
  await page.waitForTimeout(500); // let any image error or load event fire
  expect(await page.evaluate(scanForActiveContent, 'reader-overlay')).toEqual([]);

  const popup = await h.openPopup(page);
  const popupLog = watchConsole(popup);
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => save.isEnabled()).toBe(true);
  await save.click();
  await expect.poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
  const item = popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem');
  await expect.poll(() => item.count()).toBe(1);
  expect(await item.first().innerText()).toContain('Harbour budget passes');
  expect(await popup.evaluate(scanForActiveContent, 'document')).toEqual([]);
  const hrefs = await popup.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
  );
  for (const href of hrefs) expect(href).toMatch(/^(https?|chrome-extension):\/\//);

  const [reader] = await Promise.all([
    h.context.waitForEvent('page'),
    item.first().getByRole('link', { name: 'Read offline' }).click(),
  ]);
  const readerLog = watchConsole(reader);
  await reader.waitForLoadState();
  await expect
    .poll(() => reader.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 })
    .toContain('after night debate');
  expect(await reader.locator('body').innerText()).toContain('temporary pontoon');
  await reader.waitForTimeout(500);
  expect(await reader.evaluate(scanForActiveContent, 'document')).toEqual([]);

  const { favs, copies } = await storedFavourites(popup);
  expect(favs).toHaveLength(1);
  const fav = favs[0] ?? {};
  expect(fav.url).toBe(`${h.siteA.origin}/hostile/xss-article.html`);
  expect(fav.normalizedUrl).toMatch(/^https?:\/\//);
  if (fav.leadImage !== undefined) expect(fav.leadImage).toMatch(/^https?:\/\//);
  expect(await popup.evaluate(scanForActiveContent, copies[0]?.html ?? '')).toEqual([]);

  for (const p of [page, popup, reader])
    expect(await pwned(p)).toEqual({ marker: null, global: null });
  expect(await page.title()).toBe(title);
  // Nothing was even attempted in an extension page (CSP would have refused it, loudly).
  expect([...popupLog, ...readerLog]).toEqual([]);
  expect(await violations(popup)).toEqual([]);
  expect(await violations(reader)).toEqual([]);
  expect(pageLog.filter((l) => !l.startsWith('pageerror'))).toEqual([]);
  await Promise.all([page.close(), popup.close(), reader.close()]);
});

test('look-alike messages, custom events and fake chrome/browser globals are ignored', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteB.origin}/hostile/spoof.html`);
  const popup = await h.openPopup(page);
  await expect.poll(() => popup.locator('#tab-status').textContent()).toBe('No article detected');
  // Let the page go on spamming for its three seconds.
  await page.waitForTimeout(3200);
  const log = await page.evaluate(() => (window as unknown as { __spoofLog: unknown }).__spoofLog);
  // A web page has no way to the extension: no runtime.sendMessage without externally_connectable.
  expect((log as { sendMessage: string }).sendMessage).toBe('none');

  const tabId = await h.tabIdOf(page);
  const sw = await h.serviceWorker();
  const state = await sw.evaluate(async (id) => {
    const key = `tab:${id}`;
    return (await chrome.storage.session.get(key))[key] ?? null;
  }, tabId);
  expect(state).toMatchObject({
    detection: { isArticle: false },
    cleanup: { overlays: 0, comments: 0 },
    saved: false,
    readerOpen: false,
  });
  expect(JSON.stringify(state)).not.toContain('spoofed-by-page');
  expect(await popup.locator('#tab-status').textContent()).toBe('No article detected');
  expect(
    await popup.getByRole('button', { name: 'Save to favourites' }).getAttribute('aria-pressed'),
  ).toBe('false');
  expect(await page.getByRole('dialog', { name: 'Reader view' }).count()).toBe(0);
  const { favs } = await storedFavourites(popup);
  expect(
    favs.filter((f) => String(f.url).includes('spoof') || f.title === 'Spoofed favourite'),
  ).toEqual([]);
  await Promise.all([page.close(), popup.close()]);
});

test('a page cannot switch the content scripts off by replaying their start-up event', async () => {
  const page = await h.context.newPage();
  await page.addInitScript((id) => {
    (window as unknown as { __knownIds: string[] }).__knownIds = [id];
  }, h.extensionId);
  await page.goto(`${h.siteA.origin}/hostile/kill-switch.html`);
  await page.waitForSelector('.leserkommentare', { state: 'attached', timeout: 5000 });
  const learnt = await page.evaluate(() => document.documentElement.dataset.replayed ?? null);
  const popup = await h.openPopup(page);
  await expect
    .poll(() => popup.locator('#tab-status').textContent(), { timeout: 6000 })
    .toBe('Article detected');
  // The comments that came after the attempts are still folded away.
  await expect
    .poll(
      () => page.evaluate(() => document.querySelector('.leserkommentare')?.checkVisibility()),
      { timeout: 5000 },
    )
    .toBe(false);
  // The reader, once open, stays open when the page replays the event for it too.
  const readerButton = popup.getByRole('button', { name: 'Reader view' });
  await readerButton.click();
  const dialog = page.getByRole('dialog', { name: 'Reader view' });
  await dialog.waitFor();
  await page.evaluate(() => (window as unknown as { __replayKnown: () => void }).__replayKnown());
  await page.waitForTimeout(300);
  expect(await dialog.count()).toBe(1);
  // And no page learns the extension's id from a message the content script posts.
  expect(learnt, 'the page learnt the extension id from a postMessage').toBeNull();
  await Promise.all([page.close(), popup.close()]);
});

test('the background answers only its own messages in their exact shape', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  const tabId = await h.tabIdOf(page);
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  const replies = await options.evaluate(async (id) => {
    const ask = async (m: unknown) => {
      try {
        return { reply: (await chrome.runtime.sendMessage(m)) ?? null };
      } catch (e) {
        return { error: String((e as Error).message) };
      }
    };
    return {
      ping: await ask({ type: 'ping' }),
      unknown: await ask({ type: 'fav:delete-everything' }),
      noType: await ask({ tabId: id }),
      string: await ask('fav:toggle-tab'),
      array: await ask([{ type: 'ping' }]),
      badTab: await ask({ type: 'fav:toggle-tab', tabId: String(id) }),
      negativeTab: await ask({ type: 'fav:toggle-tab', tabId: -1 }),
      badArticle: await ask({ type: 'fav:save-article', article: 'x' }),
      jsReport: await ask({
        type: 'page:report',
        report: {
          url: 'javascript:alert(1)',
          title: 'x',
          detection: { isArticle: true, reasons: [] },
          cleanup: { overlays: 0, comments: 0 },
        },
      }),
      // Right shape, wrong content: refused with an error, nothing stored.
      jsArticle: await ask({
        type: 'fav:save-article',
        article: { url: 'javascript:alert(1)', title: 'x', contentHtml: '<p>x</p>' },
      }),
      sanitizer: await ask({ type: 'offscreen:sanitize', html: 1 }),
    };
  }, tabId);
  expect(replies.ping).toEqual({ reply: { ok: true, value: 'pong' } });
  for (const key of [
    'unknown',
    'noType',
    'string',
    'array',
    'badTab',
    'negativeTab',
    'badArticle',
    'jsReport',
    'sanitizer',
  ] as const) {
    const r = replies[key] as { reply?: unknown; error?: string };
    expect(r.reply ?? null, key).toBeNull();
  }
  expect(replies.jsArticle).toMatchObject({ reply: { ok: false } });
  console.log(`background replies: ${JSON.stringify(replies)}`);
  const { favs } = await storedFavourites(options);
  expect(favs.filter((f) => !String(f.url).startsWith(h.siteA.origin))).toEqual([]);
  // The tab's state is the real one, not the forged report's.
  const sw = await h.serviceWorker();
  const state = await sw.evaluate(async (id) => {
    const key = `tab:${id}`;
    return (await chrome.storage.session.get(key))[key] ?? null;
  }, tabId);
  expect((state as { url?: string } | null)?.url).toBe(`${h.siteA.origin}/basic/article-en.html`);
  await Promise.all([page.close(), options.close()]);
});

test('over a browsing session the extension makes no request to any other host', async () => {
  const page = await h.context.newPage();
  for (const path of [
    'basic/article-en.html',
    'basic/article-fr.html',
    'basic/index.html',
    'reader/metadata-graph.html',
    'reader/rtl-ar.html',
    'cleanup/comments-en.html',
    'cleanup/comments-ja.html',
    'cleanup/late-overlay.html',
  ]) {
    await page.goto(`${h.siteB.origin}/${path}`);
    await page.waitForTimeout(300);
  }
  // Reader, save, offline copy, options: every extension context gets used.
  await page.goto(`${h.siteA.origin}/reader/metadata-graph.html`);
  const first = await h.openPopup(page);
  await expect.poll(() => first.locator('#tab-status').textContent()).toBe('Article detected');
  await first.getByRole('button', { name: 'Reader view' }).click();
  await page.getByRole('dialog', { name: 'Reader view' }).waitFor();
  // Opening the reader closed that popup: another one saves.
  const popup = await h.openPopup(page);
  const save = popup.getByRole('button', { name: 'Save to favourites' });
  await expect.poll(() => save.isEnabled()).toBe(true);
  await save.click();
  await expect.poll(() => save.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
  const [reader] = await Promise.all([
    h.context.waitForEvent('page'),
    popup.getByRole('link', { name: 'Read offline' }).first().click(),
  ]);
  await reader.waitForLoadState('networkidle');
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await options.waitForLoadState('networkidle');
  await page.waitForTimeout(500);

  const loopback = new Set([new URL(h.siteA.origin).host, new URL(h.siteB.origin).host]);
  const elsewhere = requests.filter((r) => {
    const u = new URL(r.url);
    if (['chrome-extension:', 'data:', 'blob:', 'about:'].includes(u.protocol)) return false;
    return !loopback.has(u.host);
  });
  const fromExtension = requests.filter(
    (r) => r.by.includes('chrome-extension://') && !r.url.startsWith('chrome-extension://'),
  );
  // The offline reader shows the saved article's images from its own site (a loopback fixture
  // server here): the only web requests an extension page makes, and never to another host.
  const fromExtensionElsewhere = fromExtension.filter((r) => !loopback.has(new URL(r.url).host));
  console.log(
    `network: ${requests.length} requests recorded, ${elsewhere.length} to other hosts; ` +
      `extension pages/worker: ${fromExtension.length} to the fixture sites ` +
      `(${fromExtension.map((r) => new URL(r.url).pathname).join(', ')}), ` +
      `${fromExtensionElsewhere.length} elsewhere`,
  );
  expect(requests.length).toBeGreaterThan(20);
  expect(elsewhere).toEqual([]);
  expect(fromExtensionElsewhere).toEqual([]);
  await Promise.all([page.close(), popup.close(), reader.close(), options.close()]);
});

test('extension pages run only their own scripts: strict CSP, no eval, no remote code', async () => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  const csp: string = manifest.content_security_policy?.extension_pages ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/unsafe|wasm|https?:|\*/);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.web_accessible_resources ?? []).toEqual([]);
  // The fewest permissions that work (each justified in the README); a new one is a decision.
  expect([...manifest.permissions].sort()).toEqual([
    'contextMenus',
    'offscreen',
    'scripting',
    'storage',
  ]);
  // Asked for only when the sync switch is turned on (options page), never at install.
  expect(manifest.optional_permissions ?? []).toEqual(['bookmarks']);
  // Content scripts run in the top frame only: no all_frames, no match_about_blank.
  for (const script of manifest.content_scripts) {
    expect(script.all_frames ?? false).toBe(false);
    expect(script.match_about_blank ?? false).toBe(false);
  }

  // No code from strings and no code from elsewhere in what we ship. (DevTools, which drives
  // these tests, may eval in a page whatever its CSP says, so this is checked in the files.)
  for (const file of readdirSync(EXTENSION_DIR, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(js|html)$/.test(file)) continue;
    const code = readFileSync(join(EXTENSION_DIR, file), 'utf8');
    expect(
      code.match(/\beval\(|new Function\(|\bFunction\(['"`]|importScripts\(/g),
      file,
    ).toBeNull();
    expect(code.match(/<script[^>]+src=["']?https?:/gi), file).toBeNull();
    const urls = (code.match(/https?:\/\/[\w.-]+/g) ?? []).filter((u) => u !== 'http://www.w3.org');
    expect(urls, file).toEqual([]);
  }

  const popup = await h.context.newPage();
  const log = watchConsole(popup);
  await popup.goto(h.extensionUrl('popup.html'));
  const tried = await popup.evaluate(async () => {
    const out: Record<string, string> = {};
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__handler = 1');
    img.src = 'data:,x';
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 200));
    const w = window as unknown as { __inline?: number; __handler?: number };
    out.inline = String(w.__inline ?? 'blocked');
    out.handler = String(w.__handler ?? 'blocked');
    return out;
  });
  expect(tried).toEqual({ inline: 'blocked', handler: 'blocked' });
  const refused = await violations(popup);
  expect(refused.some((v) => v.startsWith('script-src-elem'))).toBe(true);
  expect(refused.some((v) => v.startsWith('script-src-attr'))).toBe(true);
  expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  await popup.close();
});
