/**
 * The reading experience, finished (issue 14): a one-row toolbar with an "Aa" popover, the
 * reader's background over the whole view, Listen that says when no voice is installed, the
 * original page link that closes the in-page reader, and focus that stays where the user was.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function readerOn(path: string, width = 1280, height = 800) {
  const page = await h.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${h.siteA.origin}/${path}`);
  const dialog = await h.openReader(page);
  return { page, dialog };
}

/** Boxes of the toolbar's own buttons (the popover's are hidden while it is closed). */
const barBoxes = (dialog: Locator) =>
  dialog.locator('.bs-toolbar').evaluate((bar) => {
    const r = bar.getBoundingClientRect();
    const buttons = [...bar.querySelectorAll(':scope > button, :scope > span > button')];
    return {
      bar: { top: r.top, height: r.height, width: r.width },
      buttons: buttons.map((b) => {
        const x = b.getBoundingClientRect();
        return { top: x.top, left: x.left, right: x.right };
      }),
      viewport: window.innerWidth,
    };
  });

test.each([320, 400, 1280])(
  'at %i px the toolbar is one compact row, all of it on screen',
  async (width) => {
    const { page, dialog } = await readerOn('cleanup/seed-fr.html', width);
    const box = await barBoxes(dialog);
    expect(box.buttons.length).toBeGreaterThanOrEqual(4);
    expect(box.bar.height).toBeLessThan(60);
    const tops = new Set(box.buttons.map((b) => Math.round(b.top)));
    expect(tops.size).toBe(1);
    for (const b of box.buttons) {
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(box.viewport);
    }
    for (const name of ['Close reader view', 'Reader settings', 'Print', 'Save to favourites']) {
      expect(await dialog.getByRole('button', { name }).isVisible(), name).toBe(true);
    }
    await page.close();
  },
);

test('the "Aa" popover names theme, font, size, width and line height; Escape closes it first, then the reader', async () => {
  const { page, dialog } = await readerOn('cleanup/seed-fr.html', 400);
  const aa = dialog.getByRole('button', { name: 'Reader settings' });
  expect(await aa.getAttribute('aria-expanded')).toBe('false');
  expect(await dialog.getByRole('button', { name: 'Dark' }).count()).toBe(0);
  await aa.click();
  expect(await aa.getAttribute('aria-expanded')).toBe('true');
  const pop = dialog.getByRole('group', { name: 'Reader settings' });
  for (const name of [
    'Light',
    'Sepia',
    'Dark',
    'System',
    'Smaller text',
    'Larger text',
    'Narrower lines',
    'Wider lines',
    'Less line spacing',
    'More line spacing',
  ]) {
    expect(await pop.getByRole('button', { name, exact: true }).isVisible(), name).toBe(true);
  }
  expect(await pop.getByRole('combobox', { name: 'Font' }).isVisible()).toBe(true);
  for (const label of ['Theme', 'Text size', 'Line width', 'Line spacing']) {
    expect(await pop.getByText(label, { exact: true }).isVisible(), label).toBe(true);
  }
  // The popover stays inside the view at 400 px.
  const r = await pop.evaluate((el) => {
    const b = el.getBoundingClientRect();
    return { left: b.left, right: b.right, vw: window.innerWidth };
  });
  expect(r.left).toBeGreaterThanOrEqual(0);
  expect(r.right).toBeLessThanOrEqual(r.vw);

  const size = () =>
    dialog
      .locator('.bs-reader')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--bs-size'));
  const before = await size();
  await pop.getByRole('button', { name: 'Larger text' }).click();
  await expect.poll(size).not.toBe(before);

  await page.keyboard.press('Escape');
  expect(await aa.getAttribute('aria-expanded')).toBe('false');
  expect(await dialog.count()).toBe(1);
  expect(
    await aa.evaluate(
      (el) =>
        el.getRootNode() instanceof ShadowRoot &&
        (el.getRootNode() as ShadowRoot).activeElement === el,
    ),
  ).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  await page.close();
});

test('the reader’s background covers the whole view, on a short article and on "no article"', async () => {
  for (const path of ['reader/short-article.html', 'reader/no-article.html']) {
    const { page, dialog } = await readerOn(path, 1280, 1000);
    const cover = await dialog.locator('.bs-reader').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return {
        top: r.top,
        bottom: r.bottom,
        vh: window.innerHeight,
        bg: getComputedStyle(el).backgroundColor,
      };
    });
    expect(cover.top, path).toBeLessThanOrEqual(0);
    expect(cover.bottom, path).toBeGreaterThanOrEqual(cover.vh);
    expect(cover.bg, path).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  }
});

test('Listen without a voice says so, and how to get one; with a voice, it speaks', async () => {
  const { page, dialog } = await readerOn('reader/short-article.html');
  const voices = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const n = speechSynthesis.getVoices().length;
        if (n) return resolve(n);
        speechSynthesis.addEventListener('voiceschanged', () =>
          resolve(speechSynthesis.getVoices().length),
        );
        setTimeout(() => resolve(speechSynthesis.getVoices().length), 1000);
      }),
  );
  await dialog.getByRole('button', { name: 'Listen' }).click();
  if (voices === 0) {
    const status = dialog.getByRole('status').filter({ hasText: 'No voice is installed' });
    await expect.poll(() => status.count(), { timeout: 5000 }).toBe(1);
    expect(await status.textContent()).toContain('espeak-ng');
    // Not left in a silent "playing" state.
    expect(await dialog.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Stop' }).count()).toBe(0);
  } else {
    await expect.poll(() => dialog.getByRole('button', { name: 'Pause' }).count()).toBe(1);
  }
  await page.close();
});

test('"View the original page" in the page closes the reader instead of opening a second copy; its underline leaves the " · " out', async () => {
  const { page, dialog } = await readerOn('basic/article-en.html');
  const link = dialog.getByRole('link', { name: 'View the original page' });
  const sep = await link.evaluate((a) => {
    const before = getComputedStyle(a, '::before');
    return { content: before.content, display: before.display };
  });
  expect(sep.content).toContain('·');
  expect(sep.display).toBe('inline-block');
  const pagesBefore = h.context.pages().length;
  const url = page.url();
  await link.click();
  await expect.poll(() => dialog.count()).toBe(0);
  await page.waitForTimeout(300);
  expect(h.context.pages().length).toBe(pagesBefore);
  expect(page.url()).toBe(url);
  await page.close();
});

const saveFromPopup = async (page: Page) => (await h.saveFromPopup(page)).close();

test('removing a row with Delete keeps focus in the list, on the row that took its place', async () => {
  for (const path of [
    'basic/article-en.html',
    'basic/article-fr.html',
    'reader/short-article.html',
  ]) {
    const p = await h.context.newPage();
    await p.goto(`${h.siteA.origin}/${path}`);
    await saveFromPopup(p);
    await p.close();
  }
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  const rows = popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem');
  // Three rows with their favourites in them, not the placeholders shown while they load (a
  // placeholder is another element: focus put on one would not survive the row's arrival).
  await expect.poll(() => rows.filter({ has: popup.getByRole('link') }).count()).toBe(3);
  const second = (await rows.nth(1).getByRole('link').first().textContent()) ?? '';
  const third = (await rows.nth(2).getByRole('link').first().textContent()) ?? '';
  const focused = () =>
    popup.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: el?.tagName ?? '',
        text: el?.closest('li')?.querySelector('a')?.textContent ?? '',
      };
    });
  await rows.first().focus();
  await popup.keyboard.press('ArrowDown');
  await expect.poll(async () => (await focused()).text).toBe(second);
  await popup.keyboard.press('Delete');
  await expect.poll(() => rows.count()).toBe(2);
  await expect.poll(async () => (await focused()).text).toBe(third);
  expect((await focused()).tag).toBe('LI');
  expect(second).not.toBe(third);
  // And with the Remove button, by mouse: focus stays in the list too.
  await rows.nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => rows.count()).toBe(1);
  await expect.poll(async () => (await focused()).tag).toBe('LI');
  await popup.close();
});

test("a quote's attribution stands on its own line, not run into the quote", async () => {
  const { page, dialog } = await readerOn('reader/quotes-fr.html');
  await expect.poll(() => dialog.getByText('Hélène Vidal').count()).toBe(1);
  const text = await dialog.locator('.bs-content').innerText();
  const pairs: [string, string][] = [
    ['jamais. »', 'Hélène Vidal'],
    ['enfants. »', 'Marc Lefèvre'],
    ['lieu. »', 'Sophie Martin'],
  ];
  for (const [quote, who] of pairs) {
    const i = text.indexOf(quote);
    const j = text.indexOf(who);
    expect(i, quote).toBeGreaterThan(-1);
    expect(j, who).toBeGreaterThan(i);
    // Something other than letters stands between them: a line break at least.
    expect(text.slice(i + quote.length, j), who).toMatch(/\n/);
  }
  // And the attribution is set apart from the quote's text (not italic like it).
  const style = await dialog
    .getByText('Hélène Vidal')
    .evaluate((el) => getComputedStyle(el).display);
  expect(style).toBe('block');
  await page.close();
});
