/**
 * Word counts and reading time, per language.
 *
 * Silent reading speeds, words per minute, from the International Reading Speed Texts study:
 * Trauzettel-Klosinski S., Dietz K. et al., "Standardized Assessment of Reading Performance:
 * The New International Reading Speed Texts IReST", Invest. Ophthalmol. Vis. Sci. 53(9), 2012,
 * table 3 (17 languages). English uses the larger meta-analysis of Brysbaert M., "How many
 * words do we read per minute?", J. Memory and Language 109, 2019 (238 wpm, non-fiction).
 * Chinese and Japanese are read in characters per minute (IReST: 255 and 357).
 */
const WORDS_PER_MINUTE: Record<string, number> = {
  ar: 138,
  de: 179,
  en: 238,
  es: 218,
  fi: 161,
  fr: 195,
  he: 187,
  it: 188,
  nl: 202,
  pl: 166,
  pt: 181,
  ru: 184,
  sl: 180,
  sv: 199,
  tr: 166,
};
/** Used for languages the study did not measure: the mean of its 17 languages, rounded. */
const DEFAULT_WPM = 184;
const CHARS_PER_MINUTE: Record<string, number> = { zh: 255, ja: 357 };
const DEFAULT_CJK_CPM = 255;

/** Han, kana and hangul-free CJK scripts that do not separate words with spaces. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

export interface TextCounts {
  /** Words in space-separated scripts. */
  words: number;
  /** Characters of scripts written without spaces (Chinese, Japanese). */
  cjkChars: number;
}

export function countText(text: string): TextCounts {
  const cjkChars = text.match(CJK_CHAR)?.length ?? 0;
  const rest = cjkChars ? text.replace(CJK_CHAR, ' ') : text;
  const words = rest.match(WORD)?.length ?? 0;
  return { words, cjkChars };
}

/** Words, with CJK text counted as one word per two characters (the usual word length). */
export function wordCount(text: string | TextCounts): number {
  const { words, cjkChars } = typeof text === 'string' ? countText(text) : text;
  return words + Math.round(cjkChars / 2);
}

function primaryLanguage(lang?: string): string {
  return (lang || 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
}

/** Whole minutes, at least 1, at the reading speed of the text's language. */
export function readingMinutes(text: string | TextCounts, lang?: string): number {
  const { words, cjkChars } = typeof text === 'string' ? countText(text) : text;
  const primary = primaryLanguage(lang);
  const wpm = WORDS_PER_MINUTE[primary] ?? DEFAULT_WPM;
  const cpm = CHARS_PER_MINUTE[primary] ?? DEFAULT_CJK_CPM;
  const minutes = words / wpm + cjkChars / cpm;
  return Math.max(1, Math.round(minutes));
}
