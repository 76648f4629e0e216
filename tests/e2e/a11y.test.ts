/**
 * axe-core on every UI surface, in light and dark: the popup (with a saved favourite so the
 * list renders), the options page, the library, the in-page reader overlay and reader.html. No violation of
 * impact serious or critical may remain.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
let article: Page;
beforeAll(async () => {
  h = await startHarness();
  article = await h.context.newPage();
  await article.goto(`${h.siteA.origin}/basic/article-en.html`);
  const popup = await h.openPopup(article);
  // (expect.poll only works inside a test: Playwright's own waiting here.)
  const save = (pressed: boolean) =>
    popup.getByRole('button', { name: 'Save to favourites', pressed });
  await save(false).click();
  await save(true).waitFor({ timeout: 15_000 });
  await popup.close();
});
afterAll(async () => {
  await h?.close();
});

const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

/** Runs axe (shadow DOM included) and fails listing each serious or critical violation. */
async function expectAccessible(page: Page, what: string, include?: string) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations, passes } = await builder.analyze();
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) {
    console.info(`${what}, minor: ${minor.map((v) => `${v.id} ${v.nodes.length}`).join(', ')}`);
  }
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 8)
        .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1] ?? ''}`)
        .join('\n'),
  );
  expect(report, `${what}:\n${report.join('\n')}`).toEqual([]);
  // axe did look at something: a blank page would pass vacuously.
  expect(passes.length, what).toBeGreaterThan(5);
}

async function popupFor(scheme: Scheme): Promise<Page> {
  const popup = await h.openPopup(article);
  await popup.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await expect.poll(() => popup.getByRole('status').first().textContent()).toBe('Article detected');
  await popup.getByRole('list', { name: 'Favourites' }).getByRole('listitem').first().waitFor();
  return popup;
}

for (const scheme of SCHEMES) {
  test(`popup, ${scheme}`, async () => {
    const popup = await popupFor(scheme);
    await expectAccessible(popup, `popup (${scheme})`);
    await popup.close();
  });

  test(`options page, ${scheme}`, async () => {
    const options = await h.context.newPage();
    await options.emulateMedia({ colorScheme: scheme });
    await options.goto(h.extensionUrl('options.html'));
    await options.getByText('1 saved').waitFor();
    await options.getByRole('radio', { name: 'System' }).waitFor();
    await expectAccessible(options, `options (${scheme})`);
    // The confirmation dialog too, while it is open.
    await options.getByRole('button', { name: 'Delete all favourites…' }).click();
    await options.getByRole('dialog', { name: 'Delete all favourites' }).waitFor();
    await expectAccessible(options, `options, delete dialog (${scheme})`);
    await options.getByRole('button', { name: 'Cancel' }).click();
    await options.close();
  });

  test(`library.html, ${scheme}`, async () => {
    const library = await h.context.newPage();
    await library.emulateMedia({ colorScheme: scheme });
    await library.goto(h.extensionUrl('library.html'));
    const items = library.getByRole('list', { name: 'Favourites' }).getByRole('listitem');
    await items.first().waitFor();
    await expectAccessible(library, `library (${scheme})`);
    // A search with its snippet and mark, one item selected, the Add tag field open.
    await library.getByRole('searchbox', { name: 'Search favourites' }).fill('passengers');
    await items.first().locator('mark').first().waitFor();
    await items.first().getByRole('checkbox').click();
    await library.getByRole('button', { name: 'Add tag…' }).click();
    await library.getByLabel('Tag to add').waitFor();
    await expectAccessible(library, `library, searching and selecting (${scheme})`);
    await library.close();
  });

  test(`reader overlay, ${scheme}`, async () => {
    const page = await h.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    // A URL of its own: the harness finds the tab by URL, and `article` is open too.
    await page.goto(`${h.siteA.origin}/basic/article-en.html?overlay=${scheme}`);
    const dialog = await h.openReader(page);
    await dialog.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, `reader overlay (${scheme})`, 'broadsheet-reader');
    await page.close();
  });

  test(`reader.html, ${scheme}`, async () => {
    const popup = await popupFor(scheme);
    const [reader] = await Promise.all([
      h.context.waitForEvent('page'),
      popup.getByRole('link', { name: 'Read offline' }).first().click(),
    ]);
    await reader.emulateMedia({ colorScheme: scheme });
    await reader.waitForLoadState();
    await reader.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(reader, `reader.html (${scheme})`);
    // The Save control's tags, open.
    await reader.getByRole('button', { name: 'Tags', exact: true }).click();
    await reader.getByRole('textbox', { name: 'Tags' }).waitFor();
    await expectAccessible(reader, `reader.html, tags (${scheme})`);
    await Promise.all([reader.close(), popup.close()]);
  });
}
