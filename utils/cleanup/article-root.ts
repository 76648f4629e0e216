const MAX_PARAGRAPHS = 3000;

/**
 * The element that holds the article's text, found cheaply: `[itemprop=articleBody]`, else the
 * block that holds the most paragraph text (a paragraph counts fully for its parent and half
 * for its grandparent, so a body split into several blocks is still found whole). Paragraphs
 * inside `exclude` (e.g. a long comment thread that outweighs the article) do not count.
 */
export function findArticleRoot(doc: Document, exclude?: Element): Element | null {
  const marked = doc.querySelector('[itemprop~="articleBody"]');
  if (marked && (marked.textContent?.length ?? 0) > 200) return marked;
  const ps = doc.getElementsByTagName('p');
  const scores = new Map<Element, number>();
  let best: Element | null = null;
  let bestScore = 0;
  const add = (el: Element | null, n: number) => {
    if (!el || el === doc.body || el === doc.documentElement) return;
    const s = (scores.get(el) ?? 0) + n;
    scores.set(el, s);
    if (s > bestScore) {
      bestScore = s;
      best = el;
    }
  };
  const count = Math.min(ps.length, MAX_PARAGRAPHS);
  for (let i = 0; i < count; i++) {
    const p = ps[i] as Element;
    if (exclude?.contains(p)) continue;
    const len = p.textContent?.trim().length ?? 0;
    if (len < 40) continue;
    add(p.parentElement, len);
    add(p.parentElement?.parentElement ?? null, len / 2);
  }
  return bestScore >= 200 ? best : marked;
}
