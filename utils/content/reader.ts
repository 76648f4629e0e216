/** The reader view in a page: answers the background's reader messages. Loaded on demand. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ToContent } from '../messaging';

const FLAG = '__broadsheetReader';

export function startReader(_ctx: ContentScriptContext) {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g[FLAG]) return; // injected again: the first copy answers
  g[FLAG] = true;
  let open = false;
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = raw as ToContent;
    if (msg?.type === 'reader:toggle' || msg?.type === 'reader:open') {
      open = msg.type === 'reader:open' ? true : !open;
      void browser.runtime.sendMessage({ type: 'reader:state', open });
      return Promise.resolve(open);
    }
    return undefined;
  });
}
