/**
 * The in-page reader overlay: an open shadow root holding a modal dialog. While open the page
 * doesn't scroll and focus stays inside; closing gives the page back exactly as it was (scroll
 * position, inline styles, focus).
 */
import { render as preactRender } from 'preact';
import { t } from '@/utils/i18n';
import { combine, insertNode, setStyles, type Undo } from '@/utils/page/changes';
import { SHOWN_EVENT } from './progress';
import { pagePrintCss, readerCss } from './styles';

export interface ReaderOverlay {
  close(): void;
  readonly host: HTMLElement;
  readonly shadowRoot: ShadowRoot;
  readonly dialog: HTMLElement;
}

export interface OverlayOptions {
  /** Called once, after the overlay is gone (by the button, Escape, or `close()`). */
  onClose?: () => void;
  /** Tag of the host element. */
  hostTag?: string;
}

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  'audio[controls]',
  'video[controls]',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

/** Focusable elements of the shadow root, in tab order (positive tabindex is stripped). */
export function focusableIn(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.closest('[hidden], [inert]') && el.getAttribute('aria-hidden') !== 'true',
  );
}

/** Keeps the page from scrolling under the reader; the undo gives back whatever was in force. */
function lockScroll(doc: Document): Undo {
  const targets = [doc.documentElement, doc.body].filter((el): el is HTMLElement => !!el);
  return combine(targets.map((el) => setStyles(el, { overflow: 'hidden' })));
}

/** Constructed sheets by window and text: parsed once, shared by every opening in the page. */
const sheets = new WeakMap<Window, Map<string, CSSStyleSheet>>();

function sheetFor(win: Window, css: string): CSSStyleSheet {
  let byText = sheets.get(win);
  if (!byText) {
    byText = new Map();
    sheets.set(win, byText);
  }
  let sheet = byText.get(css);
  if (!sheet) {
    const Sheet = (win as Window & typeof globalThis).CSSStyleSheet;
    sheet = new Sheet();
    sheet.replaceSync(css);
    byText.set(css, sheet);
  }
  return sheet;
}

/** Adds a stylesheet to a shadow root or document: constructable (CSP-proof) or `<style>`. */
function addStyles(target: ShadowRoot | Document, css: string, win: Window): () => void {
  try {
    const sheet = sheetFor(win, css);
    const before = target.adoptedStyleSheets;
    target.adoptedStyleSheets = [...before, sheet];
    return () => {
      target.adoptedStyleSheets = target.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  } catch {
    const doc = 'documentElement' in target ? target : target.ownerDocument;
    const style = doc.createElement('style');
    style.textContent = css;
    if ('documentElement' in target) (target.head ?? target.documentElement).append(style);
    else target.prepend(style);
    return () => style.remove();
  }
}

/** An overlay built and drawn but not yet in the page: `show()` puts it there. */
export interface PreparedOverlay extends ReaderOverlay {
  /** Puts the overlay in the page: scroll lock, focus trap, focus. Once. */
  show(): void;
  readonly shown: boolean;
}

/**
 * Opens the overlay and calls `render(container, close)` to fill it. Returns a handle whose
 * `close()` undoes everything.
 */
export function mountReaderOverlay(
  doc: Document,
  render: (container: HTMLElement, close: () => void) => void,
  opts: OverlayOptions = {},
): ReaderOverlay {
  const overlay = prepareReaderOverlay(doc, render, opts);
  overlay.show();
  return overlay;
}

/**
 * Builds the overlay and calls `render(container, close)` to fill it, outside the page: nothing
 * of it is in the document, nothing of the page changes, until `show()`. So the reader can be
 * drawn ahead of the click that shows it. `close()` undoes everything (and, before `show()`,
 * just drops the drawing).
 */
export function prepareReaderOverlay(
  doc: Document,
  render: (container: HTMLElement, close: () => void) => void,
  opts: OverlayOptions = {},
): PreparedOverlay {
  const win = doc.defaultView ?? window;
  const host = doc.createElement(opts.hostTag ?? 'broadsheet-reader');
  for (const [prop, value] of [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['inset', '0'],
    ['z-index', '2147483647'],
    ['display', 'block'],
  ]) {
    host.style.setProperty(prop as string, value as string, 'important');
  }
  const shadowRoot = host.attachShadow({ mode: 'open' });
  const removeReaderCss = addStyles(shadowRoot, readerCss, win);
  const dialog = doc.createElement('div');
  dialog.className = 'bs-dialog';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', t('readerDialogLabel'));
  dialog.tabIndex = -1;
  const container = doc.createElement('div');
  dialog.append(container);
  shadowRoot.append(dialog);

  let shown = false;
  let open = true;
  /** What show() changed in the page, undone by close(). */
  let restorePage: (() => void) | null = null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopImmediatePropagation();
      // An open popover (the "Aa" settings) closes first; the next Escape closes the reader.
      const expanded = shadowRoot.querySelector<HTMLElement>('[aria-expanded="true"]');
      if (expanded) {
        expanded.click();
        expanded.focus();
      } else close();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusableIn(shadowRoot);
    const first = items[0];
    const last = items[items.length - 1];
    const current = shadowRoot.activeElement;
    if (!first || !last) {
      event.preventDefault();
      dialog.focus();
      return;
    }
    const inside = !!current && items.includes(current as HTMLElement);
    if (event.shiftKey && (!inside || current === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || current === last)) {
      event.preventDefault();
      first.focus();
    }
    event.stopPropagation();
  };
  const onFocusIn = (event: FocusEvent) => {
    if (!open || event.composedPath().includes(host)) return;
    dialog.focus({ preventScroll: true });
  };

  function show(): void {
    if (shown || !open) return;
    shown = true;
    const scrollX = win.scrollX;
    const scrollY = win.scrollY;
    const bodyScroll = doc.body ? { top: doc.body.scrollTop, left: doc.body.scrollLeft } : null;
    const previousFocus = doc.activeElement as HTMLElement | null;
    const unlockScroll = lockScroll(doc);
    // The page's print rule is only there while printing: adding a stylesheet to the page makes
    // the browser re-examine the page's styles, which opening the reader need not pay for.
    let removePrintCss: (() => void) | null = null;
    const beforePrint = () => {
      removePrintCss ??= addStyles(doc, pagePrintCss, win);
    };
    const afterPrint = () => {
      removePrintCss?.();
      removePrintCss = null;
    };
    win.addEventListener('beforeprint', beforePrint);
    win.addEventListener('afterprint', afterPrint);
    const removeHost = insertNode(doc.documentElement, host);
    win.addEventListener('keydown', onKeyDown, true);
    doc.addEventListener('focusin', onFocusIn, true);
    restorePage = () => {
      removeHost();
      win.removeEventListener('keydown', onKeyDown, true);
      doc.removeEventListener('focusin', onFocusIn, true);
      win.removeEventListener('beforeprint', beforePrint);
      win.removeEventListener('afterprint', afterPrint);
      afterPrint();
      unlockScroll();
      if (bodyScroll && doc.body) {
        doc.body.scrollTop = bodyScroll.top;
        doc.body.scrollLeft = bodyScroll.left;
      }
      win.scrollTo({ left: scrollX, top: scrollY, behavior: 'instant' as ScrollBehavior });
      if (previousFocus?.isConnected && typeof previousFocus.focus === 'function') {
        previousFocus.focus({ preventScroll: true });
      }
    };
    dialog.focus({ preventScroll: true });
    dialog.dispatchEvent(new Event(SHOWN_EVENT));
  }

  function close(): void {
    if (!open) return;
    open = false;
    try {
      preactRender(null, container);
    } catch {
      // The renderer may not be Preact; removing the host below is enough.
    }
    removeReaderCss();
    const restore = restorePage;
    restorePage = null;
    restore?.();
    opts.onClose?.();
  }

  render(container, close);
  return {
    close,
    show,
    host,
    shadowRoot,
    dialog,
    get shown() {
      return shown;
    },
  };
}
