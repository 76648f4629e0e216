/** How long after `load` a loading overlay may stay before we call it stuck. */
export const OVERLAY_GRACE_MS = 1500;
