/** The always-on content script: detect, clean up, report. Kept small: it runs on every page. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageReport } from '../messaging';

function report(r: PageReport) {
  browser.runtime.sendMessage({ type: 'page:report', report: r }).catch(() => {
    // The extension was reloaded or the background is starting: the next report will do.
  });
}

export function startPage(ctx: ContentScriptContext) {
  const run = () => {
    if (ctx.isInvalid) return;
    report({
      url: location.href,
      title: document.title,
      detection: { isArticle: false, reasons: [] },
      cleanup: { overlays: 0, comments: 0 },
    });
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run, { once: true });
  } else run();
}
