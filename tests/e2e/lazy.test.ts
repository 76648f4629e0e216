import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

/**
 * The always-on script loads its second part (the comment finder and the structural page
 * detection, utils/content/deep.ts) only when a page gives it a reason. Whether it did is read
 * from the extension's isolated world in the page, through CDP.
 */
let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.context.newPage();
});
afterAll(async () => {
  await h?.close();
});

/** Whether the second part is installed in the extension's isolated world of the top frame. */
async function deepLoaded(p: Page): Promise<boolean> {
  const cdp = await p.context().newCDPSession(p);
  const contexts: {
    id: number;
    origin: string;
    auxData?: { type?: string; isDefault?: boolean };
  }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const ours = contexts.filter(
    (c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
  );
  expect(ours.length).toBeGreaterThan(0);
  let loaded = false;
  for (const c of ours) {
    const r = await cdp.send('Runtime.evaluate', {
      contextId: c.id,
      expression: "typeof globalThis[Symbol.for('broadsheet.deep')]?.fold === 'function'",
      returnByValue: true,
    });
    if (r.result.value === true) loaded = true;
  }
  await cdp.detach();
  return loaded;
}

async function status(p: Page): Promise<string> {
  const popup = await h.openPopup(p);
  let text = '';
  await expect
    .poll(async () => {
      text = (await popup.getByRole('status').first().textContent()) ?? '';
      return /detected/.test(text);
    })
    .toBe(true);
  await popup.close();
  return text;
}

test('an article that declares itself and has no comments never loads the second part', async () => {
  await page.goto(`${h.siteA.origin}/basic/article-en.html`);
  expect(await status(page)).toBe('Article detected');
  // Past the report, the overlay pass and a late look: still not loaded.
  await page.waitForTimeout(1500);
  expect(await deepLoaded(page)).toBe(false);
});

test('a page with a comment section loads it, and its comments are folded', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/comments-en.html`);
  await expect
    .poll(() => page.getByRole('button', { name: /^Show comments/ }).count(), { timeout: 5000 })
    .toBe(1);
  expect(await deepLoaded(page)).toBe(true);
});

test('a page whose metadata leaves the verdict open loads it, and gets its kind', async () => {
  await page.goto(`${h.siteA.origin}/detect/lyrics.html`);
  expect(await status(page)).toBe('No article detected');
  expect(await deepLoaded(page)).toBe(true);
});

test('a long read: nothing looks for its comments until the reader scrolls, then they are folded', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/long-read-comments-en.html`);
  expect(await status(page)).toBe('Article detected');
  // Past the report, the overlay pass and the short-page check: the thread is three screens
  // down, the finder not loaded, the thread as the page drew it.
  await page.waitForTimeout(1800);
  expect(await deepLoaded(page)).toBe(false);
  expect(await page.locator('#talk').isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: /^Show comments/ }).count()).toBe(0);
  // The reader's first turn of the wheel, a screen's height: the thread is folded before they reach it.
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, 600);
  await expect
    .poll(() => page.getByRole('button', { name: /^Show comments/ }).textContent(), {
      timeout: 5000,
    })
    .toBe('Show comments (3)');
  expect(await page.locator('#talk').isVisible()).toBe(false);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(1500);
  for (const p of await page.locator('.feature-text > p').all()) {
    expect(await p.isVisible()).toBe(true);
  }
});

test('a long read opened at its comments (#talk) folds them at once', async () => {
  await page.goto(`${h.siteA.origin}/cleanup/long-read-comments-en.html#talk`);
  await expect
    .poll(() => page.getByRole('button', { name: /^Show comments/ }).count(), { timeout: 5000 })
    .toBe(1);
});
