import { COMMENT_PLATFORMS } from './rules';

/** Set on `<html>` to turn the early comment stylesheet off (e.g. per-site setting). */
export const COMMENTS_OFF_ATTR = 'data-broadsheet-comments';

/** Every known comment platform's container selector. */
export const PLATFORM_SELECTORS: readonly string[] = /* @__PURE__ */ COMMENT_PLATFORMS.flatMap(
  (r) => r.selectors,
);

/** Every known comment platform's container, as one selector list. */
export const PLATFORM_SELECTOR = /* @__PURE__ */ PLATFORM_SELECTORS.join(',');

/**
 * CSS injected at `document_start` that hides known comment platforms before they paint.
 * Off when `<html data-broadsheet-comments="off">`; never applies inside `[data-broadsheet-keep]`.
 * `:is()` forgives a selector a browser does not know, so one bad rule cannot void the rest.
 */
export function platformCss(): string {
  return (
    `html:not([${COMMENTS_OFF_ATTR}=off]) :is(${PLATFORM_SELECTOR})` +
    ':not([data-broadsheet-keep],[data-broadsheet-keep] *),' +
    '[data-broadsheet-folded]{display:none!important}' +
    // A folded mount that a platform's script has not filled yet shows no button: nothing to show.
    '[data-broadsheet-show-comments]:has(+[data-broadsheet-folded]:empty){display:none!important}'
  );
}
