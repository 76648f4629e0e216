/**
 * The reader view lives in a content script that is injected only when it is needed, so the
 * reader engine (Readability, DOMPurify, Preact) never weighs on the always-on script.
 */
import { browser } from 'wxt/browser';
import type { ToContent } from '../messaging';
import { getTabState, patchTabState } from '../tab-state';

export const READER_SCRIPT = '/reader-view.js';

/**
 * `npm run bench -- reader` sets this array on the worker's global to collect the times of the
 * background's steps (epoch ms); without it nothing is recorded.
 */
function benchMark(name: string): void {
  const marks = (globalThis as { __broadsheetBench?: [string, number][] }).__broadsheetBench;
  marks?.push([`bg:${name}`, performance.timeOrigin + performance.now()]);
}

/**
 * Starts a fresh copy of the reader script in the tab. The flag is cleared first: one left by
 * a copy that no longer listens (the extension was updated or reloaded under the page) would
 * make the new copy step aside.
 */
async function inject(tabId: number): Promise<void> {
  benchMark('inject');
  await browser.scripting.executeScript({
    target: { tabId },
    func: () => {
      (globalThis as { __broadsheetReader?: boolean }).__broadsheetReader = undefined;
    },
  });
  await browser.scripting.executeScript({ target: { tabId }, files: [READER_SCRIPT] });
  benchMark('injected');
}

async function deliver<T>(tabId: number, message: ToContent): Promise<T> {
  benchMark('asked');
  try {
    // The reader answers every message sent this way; no answer means it is not there.
    const reply = await browser.tabs.sendMessage(tabId, message);
    if (reply !== undefined) {
      benchMark('present');
      return reply as T;
    }
  } catch {
    // No reader listening in that tab.
  }
  await inject(tabId);
  return (await browser.tabs.sendMessage(tabId, message)) as T;
}

/** Messages to each tab's reader, one at a time, so two of them never inject it twice. */
const queues = new Map<number, Promise<unknown>>();

/**
 * Sends a message to the tab's reader script, injecting it first when it is not there
 * (evaluating its ~130 KB again costs the page tens of milliseconds, so never twice).
 */
export function sendToReader<T = unknown>(tabId: number, message: ToContent): Promise<T> {
  benchMark('received');
  const before = queues.get(tabId) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(() => deliver<T>(tabId, message));
  queues.set(tabId, next);
  const done = () => {
    if (queues.get(tabId) === next) queues.delete(tabId);
  };
  next.then(done, done);
  return next;
}

/**
 * Opens (or toggles) the reader in a tab. The tab's state goes with the message, so the reader
 * shows at once instead of asking for it; its answer (open or not) is recorded here.
 */
export async function openReader(
  tabId: number,
  type: 'reader:toggle' | 'reader:open',
): Promise<boolean> {
  const state = await getTabState(tabId);
  const open = await sendToReader<boolean>(tabId, { type, state });
  if (typeof open === 'boolean') await patchTabState(tabId, { readerOpen: open });
  return open;
}

/**
 * The popup opened on a tab: the reader is likely wanted next. Its script is injected and
 * draws the reader ahead, outside the page, so the click only has to show it.
 */
export async function prepareReader(tabId: number): Promise<void> {
  const state = await getTabState(tabId);
  // No state: no always-on script there (a browser page, or a page still loading).
  if (!state || state.readerOpen) return;
  await sendToReader(tabId, { type: 'reader:prepare', state });
}
