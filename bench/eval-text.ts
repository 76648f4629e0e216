/** Word bags and headline matching for `npm run eval`. */

export function words(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    bag.set(w, (bag.get(w) ?? 0) + 1);
  }
  return bag;
}
export function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [w, c] of a) n += Math.min(c, b.get(w) ?? 0);
  return n;
}
export const total = (bag: Map<string, number>) => [...bag.values()].reduce((s, c) => s + c, 0);
export const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Word recall and precision of `got` against `expected` (bags of words). */
export function recallPrecision(
  expected: string,
  got: string,
): { recall: number; precision: number } {
  const e = words(expected);
  const g = words(got);
  const common = overlap(e, g);
  return {
    recall: total(e) ? common / total(e) : 1,
    precision: total(g) ? common / total(g) : 0,
  };
}

/**
 * The reader's h1 against the corpus title. The corpus keeps what `<title>` says, site name
 * included ("How to Build a Terrarium | eHow"); the UI contract wants the headline without it.
 * So a title that is the expected one minus a trailing " | Site" (or " - ", " – ", " · ") counts.
 */
export function titleMatches(got: string, expected: string): boolean {
  const g = norm(got);
  const e = norm(expected);
  if (!g || !e) return false;
  if (g === e) return true;
  return e.startsWith(g) && /^\s*[|\-–—·:]\s+\S/.test(e.slice(g.length));
}
