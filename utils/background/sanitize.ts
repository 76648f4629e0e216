/**
 * Sanitizing HTML from the background. DOMPurify needs a DOM: Firefox's background page has one;
 * Chrome's service worker does not, so there the work goes to an offscreen document
 * (`offscreen.html`, reason DOM_PARSER), created on first use and reused.
 */
import { browser } from 'wxt/browser';
import { sanitizeHtml } from '../article/sanitize';

const REQUEST = 'offscreen:sanitize';

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

let creating: Promise<void> | null = null;

async function ensureOffscreen(): Promise<void> {
  const offscreen = (browser as unknown as { offscreen?: OffscreenApi }).offscreen;
  if (!offscreen) throw new Error('no DOM to sanitize with');
  if (await offscreen.hasDocument?.()) return;
  creating ??= offscreen
    .createDocument({
      url: '/offscreen.html',
      reasons: ['DOM_PARSER'],
      justification: 'Sanitize saved article HTML with DOMPurify',
    })
    .catch((e: Error) => {
      // Another call created it first: that is what we wanted.
      if (!/single offscreen/i.test(e.message)) throw e;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

export async function sanitizeInBackground(html: string): Promise<string> {
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    return sanitizeHtml(html, window);
  }
  await ensureOffscreen();
  const reply = (await browser.runtime.sendMessage({ type: REQUEST, html })) as
    | { html: string }
    | undefined;
  if (typeof reply?.html !== 'string') throw new Error('the sanitizer did not answer');
  return reply.html;
}

/** Runs in the offscreen document. */
export function listenForSanitizeRequests(): void {
  browser.runtime.onMessage.addListener((msg: unknown, sender: { id?: string }) => {
    const m = msg as { type?: unknown; html?: unknown };
    if (sender.id !== browser.runtime.id || m?.type !== REQUEST || typeof m.html !== 'string') {
      return undefined;
    }
    return Promise.resolve({ html: sanitizeHtml(m.html, window) });
  });
}
