/**
 * The reader view lives in a content script that is injected only when it is needed, so the
 * reader engine (Readability, DOMPurify, Preact) never weighs on the always-on script.
 */
import { browser } from 'wxt/browser';
import type { ToContent } from '../messaging';

export const READER_SCRIPT = '/reader-view.js';

/** Injects the reader script into a tab (a no-op if it is already there) and sends it a message. */
export async function sendToReader<T = unknown>(tabId: number, message: ToContent): Promise<T> {
  await browser.scripting.executeScript({ target: { tabId }, files: [READER_SCRIPT] });
  return (await browser.tabs.sendMessage(tabId, message)) as T;
}
