import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** When a content script stops: only once the extension is gone (updated, reloaded, removed). */
export interface Lifetime {
  /** Whether the extension is gone; reading it is what notices (and runs `onInvalidated`). */
  readonly isInvalid: boolean;
  /** Calls `cb` once the lifetime is over. */
  onInvalidated(cb: () => void): void;
}

/**
 * The always-on script's lifetime, without WXT's ContentScriptContext (about a millisecond a
 * page to set up, and a page could stop it by replaying its start event) or even an
 * AbortController: nothing a page can send ends it, only the extension going away.
 */
export function extensionLifetime(): Lifetime {
  let over = false;
  const callbacks: (() => void)[] = [];
  return {
    get isInvalid() {
      if (!over && browser.runtime?.id == null) {
        over = true;
        for (const cb of callbacks.splice(0)) {
          try {
            cb();
          } catch {
            // One clean-up failing must not keep the others from running.
          }
        }
      }
      return over;
    },
    onInvalidated: (cb) => {
      callbacks.push(cb);
    },
  };
}

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
