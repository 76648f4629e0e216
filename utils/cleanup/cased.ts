/**
 * Attribute-substring selectors for names a page may write in any case, without the `i` flag:
 * an engine tests a case-insensitive substring (`[class*="load" i]`) three to four times slower
 * than a case-sensitive one (measured in Chromium on corpus pages of 700–1 600 elements: 1.3 ms
 * against 0.3 ms for the overlay candidates), and these run over every element of every page.
 * Each form is tested as written: `casings` gives the casings pages use (`load`, `Load`,
 * `LOAD`); a fragment without its first letter (`omment`) covers `comment` and `Comment` at once.
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
