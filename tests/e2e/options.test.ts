/**
 * The options page: reader defaults reach an open reader at once, "Delete all favourites…"
 * confirms with the count in a modal dialog, and the keyboard reaches every control in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openOptions(): Promise<Page> {
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await options.getByText(/\d saved/).waitFor();
  return options;
}

async function saveFromPopup(page: Page) {
  const popup = await h.openPopup(page);
  const save = (pressed: boolean) =>
    popup.getByRole('button', { name: 'Save to favourites', pressed });
  await save(false).click();
  await save(true).waitFor({ timeout: 15_000 });
  await popup.close();
}

test('a reader default changed on the options page shows at once in an open reader', async () => {
  const page = await h.context.newPage();
  await page.goto(`${h.siteA.origin}/basic/article-en.html?options=live`);
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  const dialog = await h.openReader(page);
  await dialog.getByRole('button', { name: 'Reader settings' }).click();
  const dark = dialog.getByRole('button', { name: 'Dark', exact: true });
  await expect.poll(() => dark.getAttribute('aria-pressed')).toBe('false');
  const size = () =>
    dialog
      .locator('.bs-reader')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--bs-size'));
  expect(await size()).toBe('20px');

  const options = await openOptions();
  await options.getByRole('radio', { name: 'Dark' }).check();
  // From the keyboard: two steps up on the text size slider.
  await options.getByRole('slider', { name: 'Text size' }).focus();
  await options.keyboard.press('ArrowRight');
  await options.keyboard.press('ArrowRight');
  await expect
    .poll(() => options.getByRole('slider', { name: 'Text size' }).getAttribute('aria-valuetext'))
    .toBe('24 px');
  await options.getByLabel('Font').selectOption({ label: 'Monospace' });

  await expect.poll(() => dark.getAttribute('aria-pressed')).toBe('true');
  await expect.poll(size).toBe('24px');
  await expect
    .poll(() => dialog.getByRole('combobox', { name: 'Font' }).inputValue())
    .toBe('monospace');
  expect(await page.evaluate(() => 'notReloaded' in window)).toBe(true);

  // And back the other way: the reader's own toolbar updates the options page.
  await dialog.getByRole('button', { name: 'Sepia', exact: true }).click();
  await expect.poll(() => options.getByRole('radio', { name: 'Sepia' }).isChecked()).toBe(true);
  await options.getByRole('button', { name: 'Restore reader defaults' }).click();
  await expect
    .poll(() => dialog.getByRole('button', { name: 'System' }).getAttribute('aria-pressed'))
    .toBe('true');
  await expect.poll(size).toBe('20px');
  await Promise.all([page.close(), options.close()]);
});

test('Delete all favourites: Cancel and Escape keep them, Delete removes them all', async () => {
  for (const path of ['/basic/article-en.html', '/basic/article-fr.html']) {
    const page = await h.context.newPage();
    await page.goto(`${h.siteB.origin}${path}`);
    await saveFromPopup(page);
    await page.close();
  }
  const options = await openOptions();
  await options.getByText('2 saved').waitFor();
  const opener = options.getByRole('button', { name: 'Delete all favourites…' });
  const dialog = options.getByRole('dialog', { name: 'Delete all favourites' });
  expect(await dialog.count()).toBe(0);

  await opener.click();
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('Delete all 2 favourites? This cannot be undone.');
  // Focus starts on the harmless choice, inside the dialog.
  expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await options.evaluate(() => document.activeElement?.textContent)).toBe(
    'Delete all favourites…',
  );
  await options.keyboard.press('Enter');
  await dialog.waitFor();
  await options.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await options.reload();
  await options.getByText('2 saved').waitFor();

  await opener.click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await options.getByText('0 saved').waitFor();
  expect(await options.getByRole('status').allInnerTexts()).toContain(
    'All favourites were deleted.',
  );

  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  await popup.getByText('0 saved').waitFor();
  expect(await popup.getByRole('link', { name: 'Read offline' }).count()).toBe(0);
  await Promise.all([popup.close(), options.close()]);
});

test('Tab reaches every control in document order, each with a visible focus', async () => {
  const options = await openOptions();
  await options.getByRole('radio', { name: 'System' }).waitFor();
  // What a keyboard user should reach: every enabled control, one radio per group.
  const expected = await options.evaluate(() => {
    const all = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el) => {
      if ((el as HTMLButtonElement).disabled || el.closest('dialog:not([open])')) return false;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        return el.checked;
      }
      return true;
    });
    return all.map((el, i) => {
      el.dataset.tabOrder = String(i);
      return el.getAttribute('aria-label') || el.closest('label')?.textContent || el.textContent;
    });
  });
  expect(expected.length).toBeGreaterThan(10);
  const reached: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    await options.keyboard.press('Tab');
    const seen = await options.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { order: 'none', outline: 'none' };
      const ring = [el, el.closest('label')].map((x) =>
        x ? getComputedStyle(x).outlineStyle : 'none',
      );
      return {
        order: el.dataset.tabOrder ?? 'unexpected',
        outline: ring.find((s) => s !== 'none'),
      };
    });
    reached.push(seen.order);
    expect(seen.outline, `focus ring on ${expected[Number(seen.order)]}`).toBeTruthy();
    expect(seen.outline).not.toBe('none');
  }
  expect(reached).toEqual(expected.map((_, i) => String(i)));
  // First the link to the library in the header, then the reader defaults, starting with the theme.
  expect(expected[0]).toBe('Library');
  expect(expected[1]).toBe('System');
  await options.close();
});
