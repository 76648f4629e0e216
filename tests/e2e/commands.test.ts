import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

test('the browser gives both commands a shortcut (an unassignable default would leave it blank)', async () => {
  const sw = await h.serviceWorker();
  const commands = await sw.evaluate(() => chrome.commands.getAll());
  const shortcut = (name: string) => commands.find((c) => c.name === name)?.shortcut;
  expect(shortcut('toggle-reader')).toBe('Alt+R');
  expect(shortcut('save-page')).toBe('Alt+Shift+S');
});
