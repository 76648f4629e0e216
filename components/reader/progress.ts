/**
 * Reading progress: how far down the reader the reader got, as a fraction of what can be
 * scrolled. Restored when the reader opens again, reported (at most once a second, and on close)
 * so the favourite remembers it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** Fired on the reader's dialog when it is put in the page (see overlay.tsx). */
export const SHOWN_EVENT = 'broadsheet-reader-shown';

export interface ProgressOptions {
  /** Where reading stopped last time (0 to 1), or 0; or its answer still to come. */
  initial: number | Promise<number>;
  /** Called with the new fraction, at most once a second and once more on close. */
  onChange?: (progress: number) => void;
}

const REPORT_MS = 1000;

interface Scroller {
  el: Element;
  /** What fires `scroll` for it: the element, or the window for the page's own scrolling. */
  target: EventTarget;
}

/** The element that scrolls the reader: the in-page dialog, or the extension page itself. */
export function scrollerOf(el: Element): Scroller | null {
  const dialog = el.closest('.bs-dialog');
  if (dialog) return { el: dialog, target: dialog };
  const doc = el.ownerDocument;
  const root = doc.scrollingElement ?? doc.documentElement;
  return { el: root, target: doc.defaultView ?? window };
}

/** The fraction scrolled: 1 when everything has been seen (including when all of it fits). */
export function fractionOf(el: Element): number {
  const room = el.scrollHeight - el.clientHeight;
  if (room <= 2) return 1;
  return Math.min(1, Math.max(0, el.scrollTop / room));
}

/**
 * Tracks the reading progress of the reader around `ref`: returns the fraction to draw.
 * Restores `initial` once the article is laid out.
 */
export function useReadingProgress(
  ref: { current: Element | null },
  opts: ProgressOptions,
): number {
  const [progress, setProgress] = useState(typeof opts.initial === 'number' ? opts.initial : 0);
  const onChange = useRef(opts.onChange);
  onChange.current = opts.onChange;

  useEffect(() => {
    const el = ref.current;
    const scroller = el ? scrollerOf(el) : null;
    if (!scroller) return;
    const box = scroller.el;
    let latest = typeof opts.initial === 'number' ? opts.initial : 0;
    let reported = latest;
    let moved = false;
    /** Back to where reading stopped, once the reader is in the page and nobody scrolled yet. */
    const restore = (at: number) => {
      if (moved || !box.isConnected) return;
      latest = at;
      reported = at;
      setProgress(at);
      if (at > 0.01 && at < 0.99) box.scrollTop = at * (box.scrollHeight - box.clientHeight);
    };
    let known: number | null = typeof opts.initial === 'number' ? opts.initial : null;
    if (known === null) {
      void Promise.resolve(opts.initial).then(
        (at) => {
          known = at;
          restore(at);
        },
        () => undefined,
      );
    }
    // Drawn before it is shown (the popup opened): restore when it is put in the page.
    const onShown = () => {
      if (known !== null) restore(known);
    };
    box.addEventListener(SHOWN_EVENT, onShown);
    if (known !== null) restore(known);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      timer = undefined;
      if (Math.abs(latest - reported) < 0.005) return;
      reported = latest;
      onChange.current?.(latest);
    };
    const onScroll = () => {
      moved = true;
      latest = fractionOf(box);
      setProgress(latest);
      timer ??= setTimeout(report, REPORT_MS);
    };
    scroller.target.addEventListener('scroll', onScroll, { passive: true });
    // reader.html closed as a tab: no unmount, so the last moment is reported here.
    const win = box.ownerDocument.defaultView;
    win?.addEventListener('pagehide', report);
    return () => {
      scroller.target.removeEventListener('scroll', onScroll);
      win?.removeEventListener('pagehide', report);
      box.removeEventListener(SHOWN_EVENT, onShown);
      clearTimeout(timer);
      // Closing with the whole article in view (a short one) counts as reaching its end.
      latest = Math.max(latest, box.isConnected ? fractionOf(box) : latest);
      report();
    };
    // Restores once per article; later changes of `initial` are our own reports coming back.
  }, [ref]);

  return progress;
}
