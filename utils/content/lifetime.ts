import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * WXT stops a content script when the page's document hears "a newer copy started", an event
 * any page can fire. This script is never injected twice, so it stops only when the extension
 * is gone (updated, reloaded, removed): its own lifetime, on top of WXT's context.
 */
export function ownLifetime(ctx: ContentScriptContext): ContentScriptContext {
  const controller = new AbortController();
  const gone = () => {
    if (browser.runtime?.id == null && !controller.signal.aborted) controller.abort();
    return controller.signal.aborted;
  };
  return Object.create(ctx, {
    signal: { get: () => controller.signal },
    isInvalid: { get: gone },
    isValid: { get: () => !gone() },
  });
}
