import type { Undo } from './undo';

export interface WatchOptions {
  /** Total main-thread time the callbacks may use before the watch gives up (ms). */
  maxTotalMs?: number;
  /** Time the callbacks may use per second; above it batches wait longer (ms). */
  maxMsPerSecond?: number;
  /** Added elements after which the watch gives up (a page that mutates forever). */
  maxAdded?: number;
  /**
   * Observer callbacks a second before the watch looks away for a second and then rescans the
   * page once: a page that mutates every millisecond would otherwise cost a callback each time,
   * a cost the batch budget never sees.
   */
  maxCallsPerSecond?: number;
  /** Times the watch may look away like that before it gives up. */
  maxPauses?: number;
  /** Called once if the watch gives up on its budget. */
  onGiveUp?: (why: 'time' | 'mutations') => void;
}

const IGNORED = /^(SCRIPT|STYLE|LINK|META|NOSCRIPT|TEMPLATE|BR|svg|path)$/;
const MAX_BATCH = 300;
/** Observer callbacks between two looks at the clock. */
const CALLS_PER_CHECK = 16;
const PAUSE_MS = 1000;

/**
 * Watches the page for added elements and hands them over in batches, once per animation
 * frame at most (or after a short delay when frames do not run), skipping Broadsheet's own
 * elements. Bounded: it slows down when the page keeps mutating and stops on its budget.
 * Returns the function that disconnects it.
 */
export function watchAddedElements(
  doc: Document,
  win: Window,
  onBatch: (added: Element[]) => void,
  opts: WatchOptions = {},
): Undo {
  const maxTotal = opts.maxTotalMs ?? 250;
  const perSecond = opts.maxMsPerSecond ?? 20;
  const maxAdded = opts.maxAdded ?? 200_000;
  const maxCalls = opts.maxCallsPerSecond ?? 60;
  const maxPauses = opts.maxPauses ?? 8;
  const now = () => win.performance?.now() ?? Date.now();
  let pending: Element[] = [];
  let overflow = false;
  let scheduled = false;
  let timer: number | undefined;
  let frame: number | undefined;
  let total = 0;
  let added = 0;
  let windowStart = Number.NEGATIVE_INFINITY; // Set by the first batch: no clock read until then.
  let windowUsed = 0;
  let stopped = false;
  let calls = 0;
  let callsStart = Number.NEGATIVE_INFINITY;
  let pauses = 0;
  let resumeTimer: number | undefined;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    if (timer !== undefined) win.clearTimeout(timer);
    if (resumeTimer !== undefined) win.clearTimeout(resumeTimer);
    if (frame !== undefined) win.cancelAnimationFrame?.(frame);
    pending = [];
  };

  const giveUp = (why: 'time' | 'mutations') => {
    stop();
    opts.onGiveUp?.(why);
  };

  const flush = () => {
    scheduled = false;
    timer = undefined;
    frame = undefined;
    if (stopped) return;
    const batch = pending.filter((el) => el.isConnected);
    const truncated = overflow;
    pending = [];
    overflow = false;
    if (!batch.length) return;
    const start = now();
    try {
      onBatch(truncated ? [doc.body ?? doc.documentElement] : batch);
    } finally {
      const spent = now() - start;
      total += spent;
      if (start - windowStart > 1000) {
        windowStart = start;
        windowUsed = 0;
      }
      windowUsed += spent;
      if (total > maxTotal) giveUp('time');
    }
  };

  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    const busy = windowUsed > perSecond && now() - windowStart < 1000;
    if (busy) timer = win.setTimeout(flush, 1000 - (now() - windowStart));
    else if (win.requestAnimationFrame && doc.visibilityState !== 'hidden') {
      frame = win.requestAnimationFrame(flush);
    } else timer = win.setTimeout(flush, 150);
  };

  const Observer = (win as Window & { MutationObserver?: typeof MutationObserver })
    .MutationObserver;
  if (!Observer) return () => {};
  const observe = () => observer.observe(doc.documentElement, { childList: true, subtree: true });
  /** Too many callbacks this second: stop listening for a while, then rescan the page once. */
  const pause = () => {
    observer.disconnect();
    if (++pauses > maxPauses) {
      giveUp('mutations');
      return;
    }
    pending = [];
    resumeTimer = win.setTimeout(() => {
      resumeTimer = undefined;
      if (stopped) return;
      calls = 0;
      callsStart = now();
      observe();
      overflow = true;
      pending = [doc.body ?? doc.documentElement];
      schedule();
    }, PAUSE_MS);
  };
  const observer = new Observer((records: MutationRecord[]) => {
    if (++calls % CALLS_PER_CHECK === 0) {
      const t = now();
      if (t - callsStart > 1000) {
        callsStart = t;
        calls = 0;
      } else if (calls > maxCalls) {
        pause();
        return;
      }
    }
    for (const record of records) {
      for (const node of Array.from(record.addedNodes) as Node[]) {
        if (node.nodeType !== 1) continue;
        const el = node as Element;
        if (IGNORED.test(el.tagName) || el.hasAttribute('data-broadsheet-show-comments')) continue;
        if (++added > maxAdded) {
          giveUp('mutations');
          return;
        }
        if (pending.length < MAX_BATCH) pending.push(el);
        else overflow = true;
      }
    }
    if (pending.length) schedule();
  });
  observe();
  return stop;
}
