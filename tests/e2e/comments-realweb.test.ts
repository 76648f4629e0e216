/**
 * Comment sections as real sites mark them up, understood by their shape: a blog's thread
 * under "3 thoughts on “…”", Facebook's plugin tag in a site's own module, a Chinese platform's
 * mount, a Japanese list under コメント一覧, a home-grown box of items inside the article body.
 * And what only looks like comments (teaser cards, comments quoted in a story), pages whose
 * every class says "comment", and ten thousand comments.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
let page: Page;
beforeAll(async () => {
  h = await startHarness();
  page = await h.context.newPage();
});
afterAll(async () => {
  await h?.close();
});

const visible = (selector: string) =>
  page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((el) => el.checkVisibility()),
    selector,
  );
const showComments = () => page.getByRole('button', { name: /^Show comments/ });
const hideComments = () => page.getByRole('button', { name: 'Hide comments' });

/** Every article paragraph matched by `selector` is visible, and there are at least four. */
async function articleWhole(selector: string) {
  const ps = await visible(selector);
  expect(ps.length).toBeGreaterThanOrEqual(4);
  expect(ps.every(Boolean)).toBe(true);
}

async function open(file: string) {
  await page.goto(`${h.siteA.origin}/cleanup/${file}`);
}

test.each([
  ['shape-blog-thread.html', '#responses', '.entry > p', 'Show comments (3)'],
  ['shape-fb-module.html', '.modulo-social', '.nota-cuerpo > p', 'Show comments…'],
  ['platform-china.html', '.mod-pl', '.zhengwen > p', 'Show comments…'],
  ['comments-ja-list.html', '#kakikomi', '.kiji-honbun > p', 'Show comments (3)'],
  ['shape-homegrown-box.html', '.story-comments', '.beitrag-text > p', 'Show comments (5)'],
])(
  '%s: %s folded, the article (%s) whole, behind one button named %s',
  async (file, section, body, name) => {
    await open(file);
    await expect.poll(() => showComments().count(), { timeout: 5000 }).toBe(1);
    expect(await visible(section)).toEqual([false]);
    await articleWhole(body);
    expect(await showComments().textContent()).toBe(name);
    const placed = await page.evaluate((sel) => {
      const s = document.querySelector(sel);
      const b = s?.previousElementSibling;
      return b?.tagName === 'BUTTON' && !s?.contains(b);
    }, section);
    expect(placed).toBe(true);
  },
);

test('a shown thread can be folded again, and shown again', async () => {
  await open('shape-blog-thread.html');
  await expect.poll(() => showComments().count(), { timeout: 5000 }).toBe(1);
  await showComments().click();
  await expect.poll(() => visible('#responses')).toEqual([true]);
  expect(await page.getByText('Mine are still only knee high').isVisible()).toBe(true);
  await hideComments().click();
  await expect.poll(() => visible('#responses')).toEqual([false]);
  expect(await hideComments().count()).toBe(0);
  await showComments().click();
  await expect.poll(() => visible('#responses')).toEqual([true]);
  await articleWhole('.entry > p');
});

test('teaser cards and comments quoted in a story are not folded', async () => {
  await open('trap-teasers.html');
  await page.waitForTimeout(800);
  expect(await showComments().count()).toBe(0);
  expect((await visible('.cards > li')).every(Boolean)).toBe(true);
  await articleWhole('.story-body > p');

  await open('trap-quoted-comments.html');
  await page.waitForTimeout(800);
  expect(await visible('.comment-quotes')).toEqual([true]);
  await articleWhole('.story-body > p');
});

test('a page whose every class says "comment" keeps its article whole', async () => {
  await open('bad-every-comment.html');
  await page.waitForTimeout(800);
  await articleWhole('.comments-text > p');
  expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
});

test('ten thousand comments: the article whole, the page answering, no error', async () => {
  const warnings: string[] = [];
  const onConsole = (m: { text(): string }) => {
    if (m.text().startsWith('Broadsheet')) warnings.push(m.text());
  };
  page.on('console', onConsole);
  await open('bad-10k-comments.html');
  expect(await page.locator('.talk-list > li').count()).toBe(10_000);
  await page.waitForTimeout(1500);
  await articleWhole('.story-body > p');
  expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
  // Folded in time, or given up on the time budget: either way only the thread, with its count.
  if (await showComments().count()) {
    expect(await visible('section.talk')).toEqual([false]);
    expect(await showComments().textContent()).toBe('Show comments (10000)');
    await showComments().click();
    await expect.poll(() => visible('section.talk')).toEqual([true]);
  }
  page.off('console', onConsole);
  expect(warnings).toEqual([]);
});

test('an empty comment-widget mount is folded with no button until its script fills it', async () => {
  await open('empty-mount.html');
  await expect
    .poll(() => page.evaluate(() => !!document.querySelector('[data-broadsheet-folded]')), {
      timeout: 5000,
    })
    .toBe(true);
  // Folded, but nothing to show: no button in sight.
  expect(
    await page.evaluate(() =>
      document.getElementById('readerCommentWidget')?.hasAttribute('data-broadsheet-folded'),
    ),
  ).toBe(true);
  expect(await page.locator('[data-broadsheet-show-comments]').count()).toBe(1);
  expect(await showComments().count()).toBe(0);
  await articleWhole('.entry-text > p');
  // The platform's script arrives: the button shows, and brings the thread into view.
  await page.evaluate(() => {
    const mount = document.getElementById('readerCommentWidget') as HTMLElement;
    mount.innerHTML =
      '<ol><li>Ana · 2 h ago<p>Finally a phone that fits a jeans pocket.</p></li><li>Ben · 1 h ago<p>One day of battery is not enough for me.</p></li></ol>';
  });
  await expect.poll(() => showComments().count()).toBe(1);
  expect(await visible('#readerCommentWidget')).toEqual([false]);
  await showComments().click();
  await expect.poll(() => visible('#readerCommentWidget')).toEqual([true]);
});

test('a reader-comment teaser inside the article is folded, the article around it whole', async () => {
  await open('shape-top-comment.html');
  await expect.poll(() => showComments().count(), { timeout: 5000 }).toBe(1);
  expect(await visible('aside.highlighted-comment')).toEqual([false]);
  await articleWhole('.para-block > p');
});
