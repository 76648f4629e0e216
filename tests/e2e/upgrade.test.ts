import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('a v1 database is upgraded while another extension page holds it open: no hang, nothing lost', async () => {
  // The options page opens the current database and keeps its connection.
  const options = await h.context.newPage();
  await options.goto(h.extensionUrl('options.html'));
  await expect.poll(() => options.getByText('0 saved').count()).toBe(1);

  // Replace it, as an older Broadsheet would have left it: one store, copies inline.
  // Our open connection must step aside (versionchange) or this would stay blocked.
  const made = await options.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const del = indexedDB.deleteDatabase('broadsheet-favourites');
        del.onblocked = () => resolve('blocked');
        del.onsuccess = () => {
          const open = indexedDB.open('broadsheet-favourites', 1);
          open.onupgradeneeded = () => {
            const store = open.result.createObjectStore('favourites', { keyPath: 'id' });
            store.createIndex('savedAt', 'savedAt');
            for (let i = 0; i < 3; i++) {
              store.put({
                id: `https://old.example/story-${i}`,
                url: `https://old.example/story-${i}`,
                title: `Old story ${i}`,
                savedAt: 1_700_000_000_000 + i * 1000,
                read: i === 0,
                html: `<p>Saved long ago, number ${i}.</p>`,
                text: `Saved long ago, number ${i}.`,
              });
            }
          };
          open.onsuccess = () => {
            open.result.close();
            resolve('ok');
          };
          open.onerror = () => resolve(`error: ${open.error?.message}`);
        };
      }),
  );
  expect(made).toBe('ok');

  // The popup opens it with the current code: the upgrade runs, every record survives.
  const popup = await h.context.newPage();
  await popup.goto(h.extensionUrl('popup.html'));
  const titles = popup
    .getByRole('list', { name: 'Favourites' })
    .getByRole('listitem')
    .getByRole('link', { name: /^Old story/ });
  await expect
    .poll(() => titles.allTextContents(), { timeout: 10_000 })
    .toEqual(['Old story 2', 'Old story 1', 'Old story 0']);
  const item = popup.getByRole('listitem').filter({ hasText: 'Old story 1' });
  const [reader] = await Promise.all([
    h.context.waitForEvent('page'),
    item.getByRole('link', { name: 'Read offline' }).click(),
  ]);
  await expect
    .poll(() => reader.locator('body').innerText(), { timeout: 10_000 })
    .toContain('Saved long ago, number 1.');

  // The page that held the old connection reopens the upgraded database and sees all three.
  await options.reload();
  await expect.poll(() => options.getByText('3 saved').count(), { timeout: 10_000 }).toBe(1);
  await Promise.all([options.close(), popup.close(), reader.close()]);
});
