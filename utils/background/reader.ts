/**
 * The reader view lives in a content script that is injected only when it is needed, so the
 * reader engine (Readability, DOMPurify, Preact) never weighs on the always-on script.
 */
import { browser } from 'wxt/browser';
import type { ToContent } from '../messaging';

export const READER_SCRIPT = '/reader-view.js';

/** Whether the tab's page already runs the reader script (it sets this flag when it starts). */
async function hasReader(tabId: number): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => (globalThis as { __broadsheetReader?: boolean }).__broadsheetReader === true,
  });
  return result?.result === true;
}

/**
 * Injects the reader script into a tab unless it is there already (evaluating its ~100 KB
 * again costs the page tens of milliseconds), then sends it a message.
 */
export async function sendToReader<T = unknown>(tabId: number, message: ToContent): Promise<T> {
  const inject = () =>
    browser.scripting.executeScript({ target: { tabId }, files: [READER_SCRIPT] });
  if (!(await hasReader(tabId).catch(() => false))) {
    await inject();
    return (await browser.tabs.sendMessage(tabId, message)) as T;
  }
  try {
    return (await browser.tabs.sendMessage(tabId, message)) as T;
  } catch {
    // The flag was left by a copy that no longer listens (the extension was updated or
    // reloaded under the page): start a fresh one.
    await browser.scripting.executeScript({
      target: { tabId },
      func: () => {
        (globalThis as { __broadsheetReader?: boolean }).__broadsheetReader = undefined;
      },
    });
    await inject();
    return (await browser.tabs.sendMessage(tabId, message)) as T;
  }
}
