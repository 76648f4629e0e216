/**
 * Attribute-substring selectors for names a page may write in any case, without the `i` flag:
 * Chromium tests a case-insensitive substring (`[class*="load" i]`) three to four times slower
 * than a case-sensitive one, and these selectors run over every element of every page. Each
 * form is tested as written: `casings` gives the casings pages use (`load`, `Load`, `LOAD`); a
 * part of a word without its first letter (`omment`) covers `comment` and `Comment` at once.
 * Measured in the page, 40 queries, on corpus pages of 1 200–1 600 elements: the comment names
 * 0.8–2.6 ms → 0.5–1.0 ms, the loader names 0.5–1.7 ms → 0.5–1.1 ms; on a small page
 * (620 elements) both cost about 0.1 ms more.
 */

/** `word` in lower case, capitalised and upper case (each once). */
export function casings(word: string): string[] {
  const lower = word.toLowerCase();
  const forms = [lower, lower.charAt(0).toUpperCase() + lower.slice(1), lower.toUpperCase()];
  return Array.from(new Set(forms));
}

/** `[attr*="form"]` for each attribute and each form, as a selector list. */
export function containing(attrs: readonly string[], forms: readonly string[]): string {
  return attrs.flatMap((a) => forms.map((f) => `[${a}*="${f}"]`)).join(',');
}
