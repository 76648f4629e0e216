/**
 * Whether a page is an article, and if not what kind of page it is: the two stages together
 * (detect-signals.ts, detect-structure.ts). The always-on script runs the first stage and loads
 * the second only when the first leaves the verdict open.
 */
import { startDetection, type UrlParts } from './detect-signals';
import { finishDetection } from './detect-structure';
import type { Detection } from './types';

export * from './detect-signals';
export * from './detect-structure';

/**
 * Whether the page is an article, cheapest signals first: URL shape, then structured data,
 * then (only when those leave it open) the page's structure and Readability's
 * `isProbablyReaderable` on the text. A page of another kind says which first in its reasons
 * (`kind:discussion`, `kind:product`...).
 */
export function detectArticle(doc: Document, url: UrlParts): Detection {
  const first = startDetection(doc, url);
  return first.done ?? finishDetection(doc, url, first.pending);
}
