/**
 * DOMPurify with the reader's rules: no script, no event handler, no javascript: or data:
 * (except images) URL, no iframe/object/embed/form/style; links open in a new tab without
 * opener or referrer. DOMPurify needs a window: pass the document's `defaultView`.
 */
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

const FORBID_TAGS = [
  'script',
  'style',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'noscript',
  'template',
  'portal',
  'dialog',
  'slot',
];
const FORBID_ATTR = [
  'style',
  'srcdoc',
  'action',
  'formaction',
  'ping',
  'background',
  'autofocus',
  'tabindex',
  'contenteditable',
  'popover',
  'is',
];

/** One DOMPurify per window and output kind, configured once (not on every call). */
const instances = { html: new WeakMap<object, Purifier>(), dom: new WeakMap<object, Purifier>() };

function purifier(win: Window, kind: 'html' | 'dom'): Purifier {
  let purify = instances[kind].get(win);
  if (purify) return purify;
  purify = DOMPurify(win as unknown as Window & typeof globalThis);
  if (purify.isSupported) purify.setConfig(kind === 'dom' ? DOM_CONFIG : CONFIG);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    // Most elements of an article have no attribute left: nothing to look at.
    if (!el.hasAttributes?.()) return;
    if (el.localName === 'a' && el.hasAttribute('href')) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
    for (const attr of ['src', 'href', 'poster', 'xlink:href']) {
      const value = el.getAttribute?.(attr);
      if (value && /^\s*data:/i.test(value) && !/^\s*data:image\/(?!svg)/i.test(value)) {
        el.removeAttribute(attr);
      }
    }
  });
  instances[kind].set(win, purify);
  return purify;
}

const CONFIG = {
  FORBID_TAGS,
  FORBID_ATTR,
  ADD_ATTR: ['target'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

/**
 * Safe HTML for the reader, from HTML text. Refuses to run where DOMPurify cannot work (it would
 * hand back its input unchanged): better no article than an unsanitized one.
 */
export function sanitizeHtml(html: string, win: Window): string {
  return supported(win, 'html').sanitize(html) as string;
}

function supported(win: Window, kind: 'html' | 'dom'): Purifier {
  const purify = purifier(win, kind);
  if (!purify.isSupported) throw new Error('DOMPurify is not supported in this window');
  return purify;
}

const DOM_CONFIG = { ...CONFIG, RETURN_DOM: true as const };

/**
 * Safe content as nodes: DOMPurify's output, the `<body>` of an inert document of its own
 * (nothing in it loads or runs). From HTML text, or from nodes (a fragment or an element),
 * which are copied, not changed, and never serialized and parsed again.
 */
export function sanitizeToBody(dirty: string | Node, win: Window): HTMLElement {
  return supported(win, 'dom').sanitize(dirty) as unknown as HTMLElement;
}

/**
 * What DOMPurify made of an article in this script, when `contentHtml` was serialized from it:
 * the renderer in the same script shows these nodes instead of sanitizing the text again.
 * Keyed by the article object itself, so a copy (from storage, a message, a spread) is not
 * trusted and gets sanitized where it is shown.
 */
const sanitizedBodies = new WeakMap<object, HTMLElement>();

export function keepSanitizedBody(article: object, body: HTMLElement): void {
  sanitizedBodies.set(article, body);
}

export function sanitizedBody(article: object): HTMLElement | undefined {
  return sanitizedBodies.get(article);
}
