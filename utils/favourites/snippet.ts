/**
 * A search result's snippet: the text around the first place a query word matches, as plain
 * text with the matches' ranges (the UI wraps them in `mark` elements as DOM nodes; nothing
 * here is ever parsed as markup). Matching is the search's: each query word is a prefix of a
 * word, case and accents folded.
 */
import { foldText, queryWords } from './words';

/** Characters of context shown before the first match, and the snippet's length. */
const BEFORE = 60;
const LENGTH = 200;
const WORD = /[\p{L}\p{N}]+/gu;

/** The snippet of `text` for `query`, or null when no word of it matches. */
export function makeSnippet(
  text: string,
  query: string,
): { text: string; marks: [number, number][] } | null {
  const prefixes = queryWords(query);
  if (!prefixes.length || !text) return null;
  const hits: [number, number][] = [];
  // A word starting with an ASCII character folds to one starting with its lower case: one
  // that no query word starts with is passed over without folding it (most words, most texts).
  const starts = new Set(prefixes.map((p) => p.charAt(0)));
  let first = -1;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    if (first >= 0 && start > first + LENGTH) break;
    const c = match[0].charCodeAt(0);
    if (c < 128 && !starts.has(String.fromCharCode(c | (c >= 65 && c <= 90 ? 32 : 0)))) continue;
    const folded = foldText(match[0]);
    if (!prefixes.some((p) => folded.startsWith(p))) continue;
    if (first < 0) first = start;
    // The whole word is marked: the query word is a prefix of it.
    hits.push([start, start + match[0].length]);
  }
  if (first < 0) return null;
  // Start at a word boundary some way before the first match; end at one after.
  let from = Math.max(0, first - BEFORE);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < first) from = space + 1;
  }
  let to = Math.min(text.length, from + LENGTH);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  const lead = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  const body = text.slice(from, to).replace(/\s/g, ' ');
  const marks = hits
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]): [number, number] => [s - from + lead.length, e - from + lead.length]);
  return { text: `${lead}${body}${tail}`, marks };
}
