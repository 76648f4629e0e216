/**
 * How long a loading overlay may stay before we call it stuck: counted from DOMContentLoaded
 * when the article is in the page by then, else from `load`, and from its arrival for one
 * inserted later.
 */
export const OVERLAY_GRACE_MS = 1500;
