/**
 * The library page on the built extension in Chromium: list, sort, filters, search snippets
 * with `mark`, select all + bulk archive + Undo, tag rename, keyboard. The library is made of
 * two saved fixture articles (with their offline text) and an imported Pocket CSV of our own
 * invented rows, with tags and archived ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

const TITLE_EN = 'City council approves night bus network after two-year trial';
const ROWS = 30;

let h: Harness;
const files = mkdtempSync(join(tmpdir(), 'broadsheet-lib-'));

/** 30 rows: every third tagged "gardening", every fifth archived, titles in a known order. */
function pocketCsv(origin: string): string {
  const lines = ['title,url,time_added,tags,status'];
  const words = ['Allotments', 'Beekeeping', 'Compost', 'Dahlias', 'Espalier'];
  for (let i = 0; i < ROWS; i++) {
    const title = `${words[i % 5]} notebook ${String(i).padStart(2, '0')}`;
    const tags = [i % 3 === 0 ? 'gardening' : '', i % 2 === 0 ? 'weekend' : ''].filter(Boolean);
    const status = i % 5 === 4 ? 'archive' : 'unread';
    lines.push(
      `${title},${origin}/library/item-${i}.html,${1_700_000_000 + i * 60},${tags.join('|')},${status}`,
    );
  }
  const file = join(files, 'library.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  h = await startHarness();
  const a = await h.context.newPage();
  await a.goto(`${h.siteA.origin}/basic/article-en.html`);
  await (await h.saveFromPopup(a)).close();
  await a.close();
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await options.getByLabel('Import').setInputFiles(pocketCsv(h.siteB.origin));
  await options.getByText(`Import done: ${ROWS} new`).waitFor({ timeout: 30_000 });
  await options.close();
});
afterAll(async () => {
  await h?.close();
  rmSync(files, { recursive: true, force: true });
});

async function openLibrary(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(h.extensionUrl('library.html'));
  await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
  await list(page).getByRole('listitem').first().waitFor();
  return page;
}

const list = (page: Page) => page.getByRole('list', { name: 'Favourites' });
const titles = (page: Page) => list(page).locator('a.lib-title').allTextContents();
const bulkBar = (page: Page) => page.getByRole('toolbar', { name: 'Selected favourites' });

test('lists every favourite, newest first, with tags; sorts by title and site', async () => {
  const page = await openLibrary();
  await expect.poll(() => page.getByText(`${ROWS + 1} saved`).count()).toBe(1);
  // Newest first: the saved article (today) above the imported rows (2023).
  expect((await titles(page))[0]).toBe(TITLE_EN);
  const row = list(page).getByRole('listitem').filter({ hasText: 'Compost notebook 27' });
  await expect.poll(() => row.textContent()).toContain('gardening');
  expect(await row.getByRole('link', { name: 'Compost notebook 27' }).getAttribute('href')).toBe(
    `${h.siteB.origin}/library/item-27.html`,
  );
  await expect.poll(() => row.getByRole('link', { name: 'Read offline' }).count()).toBe(1);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Title' });
  await expect
    .poll(async () => (await titles(page)).slice(0, 3))
    .toEqual(['Allotments notebook 00', 'Allotments notebook 05', 'Allotments notebook 10']);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Site' });
  const sites = () => list(page).locator('.lib-meta > span:first-child').allTextContents();
  // "localhost" before "The Riverside Courier"; within a site, newest first.
  await expect.poll(async () => (await titles(page))[0]).toBe('Espalier notebook 29');
  const shown = await sites();
  expect(shown.length).toBeGreaterThan(3);
  expect(shown).toEqual(
    [...shown].sort((x, y) => x.localeCompare(y, 'en', { sensitivity: 'base' })),
  );
  await page.close();
});

test('filters: Show Unread / Archived, Tag', async () => {
  const page = await openLibrary();
  const show = page.getByRole('combobox', { name: 'Show' });
  await show.selectOption({ label: 'Archived' });
  await expect.poll(() => page.getByText('6 shown').count()).toBe(1);
  await expect
    .poll(async () => (await titles(page)).every((t) => t.startsWith('Espalier')))
    .toBe(true);
  await show.selectOption({ label: 'Unread' });
  await expect.poll(() => page.getByText(`${ROWS + 1 - 6} shown`).count()).toBe(1);
  await show.selectOption({ label: 'All' });
  const tag = page.getByRole('combobox', { name: 'Tag' });
  await expect
    .poll(() => tag.locator('option').allTextContents())
    .toEqual(['All tags', 'gardening (10)', 'weekend (15)']);
  await tag.selectOption({ label: 'gardening (10)' });
  await expect.poll(() => page.getByText('10 shown').count()).toBe(1);
  await page.close();
});

test('search shows a snippet with the match in a mark', async () => {
  const page = await openLibrary();
  await page.getByRole('searchbox', { name: 'Search favourites' }).fill('passeng');
  await expect.poll(() => titles(page)).toEqual([TITLE_EN]);
  const mark = list(page).getByRole('listitem').first().locator('mark');
  await expect.poll(() => mark.first().textContent()).toMatch(/^passengers$/i);
  // The snippet is text around the match, not markup.
  const snippet = await list(page).locator('.lib-snippet').first().innerHTML();
  expect(snippet).toMatch(/^[^<]*<mark>passengers<\/mark>[^<]*/i);
  await page.close();
});

test('select all, bulk archive, Undo; shift-click selects a range', async () => {
  const page = await openLibrary();
  await page.getByRole('combobox', { name: 'Tag' }).selectOption({ label: 'weekend (15)' });
  await expect.poll(() => page.getByText('15 shown').count()).toBe(1);
  await page.getByRole('checkbox', { name: 'Select all', exact: true }).check();
  await expect.poll(() => bulkBar(page).textContent()).toContain('15 selected');
  await bulkBar(page).getByRole('button', { name: 'Archive', exact: true }).click();
  await expect.poll(() => page.getByText('Archived 12 favourites.').count()).toBe(1);
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Archived' });
  await expect.poll(() => page.getByText('15 shown').count()).toBe(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => page.getByText('3 shown').count()).toBe(1);
  // Shift-click: the first and the fourth row, and the two between.
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All' });
  await page.getByRole('checkbox', { name: 'Select all', exact: true }).uncheck();
  await expect.poll(() => page.getByText('15 shown').count()).toBe(1);
  const boxes = list(page).getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(3).click({ modifiers: ['Shift'] });
  await expect.poll(() => bulkBar(page).textContent()).toContain('4 selected');
  expect(await boxes.nth(2).isChecked()).toBe(true);
  expect(await boxes.nth(4).isChecked()).toBe(false);
  await page.close();
});

test('renames a tag everywhere, and bulk-adds one', async () => {
  const page = await openLibrary();
  const tag = page.getByRole('combobox', { name: 'Tag' });
  await tag.selectOption({ label: 'gardening (10)' });
  await page.getByRole('button', { name: 'Rename tag…' }).click();
  await page.getByLabel('New name').fill('Jardinage');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect
    .poll(() => tag.locator('option').allTextContents())
    .toEqual(['All tags', 'Jardinage (10)', 'weekend (15)']);
  await expect.poll(() => page.getByText('10 shown').count()).toBe(1);
  await tag.selectOption({ label: 'All tags' });
  await list(page)
    .getByRole('checkbox', { name: `Select ${TITLE_EN}` })
    .click();
  await bulkBar(page).getByRole('button', { name: 'Add tag…' }).click();
  await page.getByLabel('Tag to add').fill('<b>transport</b>');
  await page.keyboard.press('Enter');
  const row = list(page).getByRole('listitem').filter({ hasText: TITLE_EN });
  await expect.poll(() => row.locator('.lib-tag').allTextContents()).toEqual(['<b>transport</b>']);
  expect(await row.locator('b').count()).toBe(0);
  await page.close();
});

test('keyboard: / focuses search, arrows move, Enter opens', async () => {
  const page = await openLibrary();
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Title' });
  await expect.poll(async () => (await titles(page))[0]).toBe('Allotments notebook 00');
  await page.locator('h1').click();
  await page.keyboard.press('/');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
    .toBe('search');
  const focused = () =>
    page.evaluate(() => document.activeElement?.querySelector('a')?.textContent ?? null);
  await page.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe('Allotments notebook 00');
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.querySelector('a')?.textContent))
    .toBe('Allotments notebook 05');
  const opened = h.context.waitForEvent('page');
  await page.keyboard.press('Enter');
  const tab = await opened;
  await expect.poll(() => tab.url()).toContain('/library/item-5.html');
  await Promise.all([tab.close(), page.close()]);
});

test('the popup hides archived ones and links to the library; the options page links to it', async () => {
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  const items = popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem');
  await items.first().waitFor();
  const link = popup.getByRole('link', { name: 'See all favourites' });
  expect(await link.getAttribute('href')).toBe(h.extensionUrl('library.html'));
  // Archive one from the popup: it leaves the popup's list, Undo brings it back.
  const first = items.first();
  const title = await first.locator('a.fav-title').textContent();
  await first.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect.poll(() => popup.locator('a.fav-title').allTextContents()).not.toContain(title);
  await popup.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => popup.locator('a.fav-title').allTextContents()).toContain(title);
  await popup.close();
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  expect(await options.getByRole('link', { name: 'Library' }).getAttribute('href')).toBe(
    '/library.html',
  );
  await options.close();
});

test('a bulk action lands whole or not at all: worker stopped, page closed mid-way', async () => {
  const archivedShown = async (page: Page) => {
    await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Archived' });
    await page.waitForTimeout(300);
    const text = (await page.locator('.library > .fav-count').textContent()) ?? '';
    return Number(/(\d+) shown/.exec(text)?.[1] ?? Number.NaN);
  };
  const page = await openLibrary();
  const before = await archivedShown(page);
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All' });
  await page.getByRole('checkbox', { name: 'Select all', exact: true }).check();
  await expect.poll(() => bulkBar(page).textContent()).toContain(`${ROWS + 1} selected`);
  // The worker stops as the action starts: the library writes the database itself, in one
  // transaction, and says what it did.
  await Promise.all([
    bulkBar(page).getByRole('button', { name: 'Mark as read', exact: true }).click(),
    h.stopServiceWorker(),
  ]);
  await expect
    .poll(() => page.locator('.lib-status, [role="alert"]').first().textContent())
    .toMatch(/Marked \d+ favourites? as read\.|Nothing was changed/);
  // The page closes as a bulk archive starts: after it, all of them or none are archived.
  await bulkBar(page)
    .getByRole('button', { name: 'Archive', exact: true })
    .click({ noWaitAfter: true });
  await page.close();
  const again = await openLibrary();
  const after = await archivedShown(again);
  expect([before, ROWS + 1]).toContain(after);
  await again.close();
});
