/** Search words: the tokens the `words` index holds and a query is split into. */

/** Longest token kept; longer runs (hashes, base64) are cut to this. */
const MAX_WORD = 32;
/** Most unique words kept per favourite, so a huge page cannot bloat the index. */
export const MAX_WORDS_PER_RECORD = 4000;

/** Scripts written without spaces between words: indexed as overlapping character pairs. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+$/u;
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lower-case, accents and other combining marks removed: "Rédaction" → "redaction". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss');
}

function splitUnspaced(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length <= 2) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
}

/** Tokens of a text, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of foldText(text).matchAll(TOKEN)) {
    let word = match[0];
    if (UNSPACED.test(word)) {
      splitUnspaced(word, out);
      continue;
    }
    // Mixed runs ("東京2020") are rare; split the unspaced part from the rest.
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(word)) {
      const parts = word.match(
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]+/gu,
      );
      for (const part of parts ?? []) {
        if (UNSPACED.test(part)) splitUnspaced(part, out);
        else out.push(Array.from(part).slice(0, MAX_WORD).join(''));
      }
      continue;
    }
    if (word.length > MAX_WORD) word = Array.from(word).slice(0, MAX_WORD).join('');
    out.push(word);
  }
  return out;
}

/** Unique tokens of all the given texts, capped at MAX_WORDS_PER_RECORD. */
export function uniqueWords(...texts: (string | undefined | null)[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of tokenize(text)) {
      if (seen.size >= MAX_WORDS_PER_RECORD) return [...seen];
      seen.add(word);
    }
  }
  return [...seen];
}

/** The words of a search query, each meant as a prefix; unique, longest first. */
export function queryWords(query: string): string[] {
  return [...new Set(tokenize(query))].sort((a, b) => b.length - a.length);
}
