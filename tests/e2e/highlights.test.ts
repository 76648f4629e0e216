/**
 * Highlights and notes (issue 15): select text in the reader (in the page and in reader.html),
 * Highlight; the mark is back after a reload; a note is shown as text; overlapping highlights;
 * remove; an article extracted again with changed text keeps what it can and lists the rest
 * as "could not be placed"; highlights.html lists them with their notes and links.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURES_DIR, type Harness, startHarness } from './harness';
import { select } from './selection';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TITLE = 'Island ferry to retire its oldest boat after forty-one years';
const PATH = '/highlights/article.html';

const marks = (scope: Locator | Page) => scope.locator('.bs-content mark[data-highlight-id]');
/** The text of each highlight shown, by id (a mark may hold a piece of several). */
const shown = (scope: Locator | Page) =>
  scope
    .locator('.bs-content')
    .first()
    .evaluate((root) => {
      const out: Record<string, string> = {};
      for (const m of root.querySelectorAll('mark[data-highlight-id]')) {
        const id = m.getAttribute('data-highlight-id') as string;
        // Only this mark's own text, not that of a mark inside it twice.
        out[id] = (out[id] ?? '') + (m.textContent ?? '');
      }
      return Object.values(out).sort();
    });

async function highlight(scope: Locator | Page, text: string, colour?: string): Promise<void> {
  await select(scope, text);
  const name = colour ? `Highlight in ${colour}` : 'Highlight';
  const button = scope.getByRole('button', { name, exact: true });
  await button.click();
  await expect.poll(() => shown(scope)).toContain(text);
}

/** Every highlight in the database, from the service worker. */
const stored = async () => {
  const sw = await h.serviceWorker();
  return sw.evaluate(async () => {
    const req = indexedDB.open('broadsheet-favourites');
    const db: IDBDatabase = await new Promise((ok, ko) => {
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    const all: { id: string; fav: string; quote: { exact: string }; note?: string }[] =
      await new Promise((ok) => {
        const r = db.transaction('highlights').objectStore('highlights').getAll();
        r.onsuccess = () => ok(r.result);
      });
    db.close();
    return all;
  });
};

const Q1 = 'oldest boat, the Morning Heron, would be retired';
const Q2 = 'a second daily crossing for eleven years';
const Q3 = 'for eleven years, and the company now says';
const Q4 = 'former crew members will be invited on board';

test('in the page: highlighting an unsaved article saves it; the mark is back after a reload', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}${PATH}`);
  let dialog = await h.openReader(page);
  const save = dialog.getByRole('button', { name: 'Save to favourites' });
  expect(await save.getAttribute('aria-pressed')).toBe('false');

  // Across element boundaries (text, then a link), the way a drag selects.
  await highlight(dialog, Q1);
  await expect.poll(() => save.getAttribute('aria-pressed')).toBe('true');
  expect(await dialog.getByRole('status').allTextContents()).toContain(
    'Saved to favourites, so that your highlights are kept.',
  );
  // The link is still a link, with its mark inside it.
  expect(await dialog.locator('.bs-content a mark').textContent()).toBe('Morning Heron');
  expect((await stored()).map((s) => s.quote.exact)).toEqual([Q1]);

  await page.keyboard.press('Escape');
  await page.reload();
  dialog = await h.openReader(page);
  await expect.poll(() => shown(dialog)).toEqual([Q1]);
  await page.close();
});

test('a note is added, shown as text (markup and all), and kept', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}${PATH}`);
  let dialog = await h.openReader(page);
  await expect.poll(() => marks(dialog).count()).toBeGreaterThan(0);
  await marks(dialog).first().click();
  await dialog.getByRole('button', { name: 'Add note' }).click();
  const note = '<b>Ask</b> the harbour office <img src=x onerror="document.title=1">';
  await dialog.getByRole('textbox', { name: 'Note' }).fill(note);
  await dialog.getByRole('button', { name: 'Save note' }).click();
  await expect.poll(async () => (await stored())[0]?.note).toBe(note);
  const card = dialog.locator('.bs-hl-note');
  await expect.poll(() => card.textContent()).toBe(note);
  expect(await card.locator('b, img').count()).toBe(0);

  await page.keyboard.press('Escape'); // closes the highlight's card first
  await page.keyboard.press('Escape');
  await page.reload();
  dialog = await h.openReader(page);
  await expect.poll(() => marks(dialog).count()).toBeGreaterThan(0);
  await marks(dialog).first().click();
  await expect.poll(() => dialog.locator('.bs-hl-note').textContent()).toBe(note);
  expect(await dialog.getByRole('button', { name: 'Edit note' }).count()).toBe(1);
  expect(await page.title()).not.toBe('1');
  await page.close();
});

test('overlapping highlights both show; removing one leaves the other whole', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}${PATH}`);
  const dialog = await h.openReader(page);
  await highlight(dialog, Q2, 'green');
  await highlight(dialog, Q3, 'blue');
  expect(await shown(dialog)).toEqual([Q2, Q1, Q3].sort());
  // The words they share are in a mark inside a mark.
  expect(await dialog.locator('.bs-content mark mark').textContent()).toBe('for eleven years');
  const green = await dialog.locator('mark.bs-hl-green').first().getAttribute('data-highlight-id');

  await dialog.locator(`mark[data-highlight-id="${green}"]`).first().click();
  await dialog.getByRole('button', { name: 'Remove highlight' }).click();
  await expect.poll(() => shown(dialog)).toEqual([Q1, Q3].sort());
  // Undo puts it back as it was; removed again, it stays removed.
  await dialog.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => shown(dialog)).toEqual([Q2, Q1, Q3].sort());
  expect(
    await dialog.locator(`mark.bs-hl-green[data-highlight-id="${green}"]`).count(),
  ).toBeGreaterThan(0);
  await dialog.locator(`mark[data-highlight-id="${green}"]`).first().click();
  await dialog.getByRole('button', { name: 'Remove highlight' }).click();
  await expect.poll(() => shown(dialog)).toEqual([Q1, Q3].sort());
  await expect
    .poll(async () => (await stored()).map((s) => s.quote.exact).sort())
    .toEqual([Q1, Q3].sort());
  await page.close();
});

test('reader.html shows them, and highlights made there come back after a reload', async () => {
  const { popup, reader } = await h.readOffline(TITLE);
  await expect.poll(() => shown(reader)).toEqual([Q1, Q3].sort());
  await highlight(reader, Q4, 'pink');
  await reader.reload();
  await expect.poll(() => shown(reader)).toEqual([Q1, Q3, Q4].sort());
  expect(await reader.locator('mark.bs-hl-pink').textContent()).toBe(Q4);

  // By keyboard: H highlights the selection; Enter on a mark opens what it offers.
  const Q5 = 'a small supplement';
  await select(reader, Q5);
  await reader.keyboard.press('h');
  await expect.poll(() => shown(reader)).toContain(Q5);
  const mark = reader.locator('mark[data-highlight-id]', { hasText: Q5 });
  await mark.focus();
  await reader.keyboard.press('Enter');
  await reader.getByRole('button', { name: 'Remove highlight' }).focus();
  await reader.keyboard.press('Enter');
  await expect.poll(() => shown(reader)).toEqual([Q1, Q3, Q4].sort());
  await Promise.all([popup.close(), reader.close()]);
});

test('the article extracted again with changed text: kept where found, else "could not be placed"', async () => {
  const original = readFileSync(`${FIXTURES_DIR}${PATH}`, 'utf8');
  // The site corrected a figure (Q3's words changed a little) and cut the last paragraph (Q4).
  const changed = original
    .replace(
      '<div class="article-body">',
      '<div class="article-body"><p>Correction: an earlier version of this article gave the wrong number of years of campaigning.</p>',
    )
    .replace('for eleven years, and the company', 'for twelve years, and the company')
    .replace(/<p>A farewell sailing[\s\S]*?<\/p>/, '');
  const page = await h.context.newPage();
  await page.route(`${h.siteA.origin}${PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: changed }),
  );
  await page.goto(`${h.siteA.origin}${PATH}`);
  const dialog = await h.openReader(page);
  await expect.poll(() => marks(dialog).count()).toBeGreaterThan(0);
  const texts = await shown(dialog);
  expect(texts).toContain(Q1);
  expect(texts.some((t) => t.startsWith('for twelve years, and the company'))).toBe(true);
  const lost = dialog.getByRole('region', { name: 'Could not be placed' });
  await expect.poll(() => lost.count()).toBe(1);
  expect(await lost.locator('blockquote').allTextContents()).toEqual([Q4]);
  // Kept, never dropped.
  expect((await stored()).map((s) => s.quote.exact).sort()).toEqual([Q1, Q3, Q4].sort());
  await page.close();
});

test('highlights.html lists them newest first with notes and links; searches; exports Markdown', async () => {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('highlights.html'));
  const list = page.getByRole('list', { name: 'Highlights' });
  const items = list.getByRole('listitem');
  await expect.poll(() => items.count()).toBe(3);
  // Newest first: the one made last, in reader.html.
  expect(await items.first().locator('blockquote').textContent()).toBe(Q4);
  const withNote = items.filter({ hasText: Q1 });
  expect(await withNote.locator('.hl-note').textContent()).toContain('<b>Ask</b> the harbour');
  expect(await withNote.locator('b, img').count()).toBe(0);

  // Its link opens the offline copy, at that highlight.
  const link = withNote.getByRole('link', { name: TITLE });
  expect(await link.getAttribute('href')).toMatch(/^reader\.html\?id=.+&hl=/);
  await link.click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
  // Brought into view and focused: the first mark of that highlight.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const el = document.activeElement;
        const wanted = new URLSearchParams(location.search).get('hl');
        return el?.localName === 'mark' && el.getAttribute('data-highlight-id') === wanted;
      }),
    )
    .toBe(true);
  await page.goBack();

  await page.getByRole('searchbox', { name: 'Search highlights' }).fill('HARBOUR office');
  await expect.poll(() => items.count()).toBe(1);
  expect(await items.first().locator('blockquote').textContent()).toBe(Q1);
  await page.getByRole('searchbox', { name: 'Search highlights' }).fill('');
  await expect.poll(() => items.count()).toBe(3);

  // One article's page, and its Markdown file.
  await items.first().getByRole('link', { name: 'All highlights of this article' }).click();
  await expect.poll(() => page.getByRole('link', { name: TITLE }).count()).toBeGreaterThan(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export to Markdown' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(
    'island-ferry-to-retire-its-oldest-boat-after-forty-one-years.md',
  );
  const md = readFileSync(await download.path(), 'utf8');
  expect(md.startsWith(`# ${TITLE}\n`)).toBe(true);
  expect(md).toContain(`> ${Q1}`);
  expect(md).toContain('\\<b\\>Ask\\</b\\> the harbour office');
  // Reading order: Q1 comes before Q3 in the article.
  expect(md.indexOf(Q1)).toBeLessThan(md.indexOf(Q3));
  await page.close();
});

/** axe on a page with highlights shown: no serious or critical violation (contrast included). */
async function expectAccessible(page: Page, what: string) {
  const { violations, passes } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  expect(bad, what).toEqual([]);
  expect(passes.length, what).toBeGreaterThan(5);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`marks, a highlight's card and highlights.html are accessible (${scheme})`, async () => {
    const { popup, reader } = await h.readOffline(TITLE);
    await reader.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => marks(reader).count()).toBeGreaterThan(2);
    await marks(reader).first().click();
    await reader.getByRole('button', { name: 'Remove highlight' }).waitFor();
    await expectAccessible(reader, `reader.html with highlights (${scheme})`);
    const page = await h.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(h.extensionUrl('highlights.html'));
    await page.getByRole('list', { name: 'Highlights' }).getByRole('listitem').first().waitFor();
    await expectAccessible(page, `highlights.html (${scheme})`);
    await Promise.all([popup.close(), reader.close(), page.close()]);
  });
}
