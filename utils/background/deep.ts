import { browser } from 'wxt/browser';

/** The always-on script's second part, as built (entrypoints/page-deep.ts). */
export const DEEP_SCRIPT = '/page-deep.js';

/**
 * Runs the always-on script's second part (utils/content/deep.ts) in the asking frame's
 * isolated world; it is there when this answers.
 */
export async function injectDeep(tabId: number, frameId: number): Promise<true> {
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [frameId] },
    files: [DEEP_SCRIPT],
  });
  return true;
}
