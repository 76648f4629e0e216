import { COMMENT_PHRASES, COMMENT_WORDS, COMMENT_WORDS_SINGULAR, LOADING_WORDS } from './rules';

/**
 * Digits, white space and the punctuation and symbols that decorate labels ("Comments (42)",
 * "« Réactions »", "评论：", "댓글 · 3"). Spelled out rather than `\p{P}\p{S}`: a Unicode
 * property class costs about a millisecond to compile, on every page the script runs on.
 */
const NOISE =
  /[\s\d!-/:-@[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u3000-\u303f\uff01-\uff20\uff3b-\uff40\uff5b-\uff65\u060c\u061b\u061f\u066a-\u066d]+/g;

/** Lower case, digits and punctuation turned to spaces, spaces collapsed. */
export function normalizeLabel(text: string): string {
  return text.toLowerCase().replace(NOISE, ' ').trim();
}

const plural = new Set(COMMENT_WORDS);
const singular = new Set(COMMENT_WORDS_SINGULAR);
const phrases = new Set(COMMENT_PHRASES);
const leading = /^(?:no|all|top|latest|newest|show|view|see|load|read|our|your|the|user)\s/;

/**
 * Whether a heading or label names a comment section: "Comments", "Comments (42)",
 * "42 comments", "Leave a reply", "Kommentare", "댓글 3"... but not a sentence that merely
 * mentions comments ("Regulator opens comment period") nor a bare singular kicker ("Comment").
 */
export function isCommentLabel(text: string): boolean {
  if (text.length > 80) return false;
  const n = normalizeLabel(text);
  if (!n || n.length > 48) return false;
  if (plural.has(n) || phrases.has(n)) return true;
  const bare = n.replace(leading, '');
  if (plural.has(bare) || phrases.has(bare)) return true;
  return /\d/.test(text) && (singular.has(n) || singular.has(bare));
}

/** Built on first use: most pages never have an overlay to read. */
let loadingRe: RegExp | undefined;

/** Whether short text reads as a loading message ("Please Wait...", "Chargement… 40 %"). */
export function isLoadingText(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 80) return false;
  loadingRe ??= new RegExp(
    `(?:${LOADING_WORDS.map((w) => w.replace(/\s+/g, '\\s+')).join('|')})`,
    'iu',
  );
  return loadingRe.test(t);
}
