import { type CommentRules, LOADING_WORDS } from './rules';

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

const leading = /^(?:no|all|top|latest|newest|show|view|see|load|read|our|your|the|user)\s/;
const NUMBER = /\d[\d.,\u00a0\u202f ]*/;

/** Reads headings and labels that name comment sections, from the rules the background sent. */
export interface CommentLabels {
  /**
   * Whether a heading or label names a comment section: "Comments", "Comments (42)",
   * "42 comments", "3 thoughts on “Title”", "Leave a reply", "Kommentare", "댓글 3"... but not
   * a sentence that merely mentions comments ("Regulator opens comment period") nor a bare
   * singular kicker ("Comment").
   */
  is(text: string): boolean;
  /** How many comments such a label says there are ("42 comments", "One response to"), if any. */
  count(text: string): number | null;
}

export function commentLabels(rules: CommentRules): CommentLabels {
  const plural = new Set(rules.words);
  const singular = new Set(rules.singular);
  const phrases = new Set(rules.phrases);
  const counted = new Set(rules.counted);
  const joins = new Set(rules.joins);
  const one = new Set(rules.one);
  /** "42 thoughts on “Title”", "One response to …": a count, a noun, a joining word. */
  const countsThread = (text: string) => {
    const w = text.toLowerCase().replace(NUMBER, '1 ').trim().split(/\s+/);
    const first = w[0] ?? '';
    return (first === '1' || one.has(first)) && counted.has(w[1] ?? '') && joins.has(w[2] ?? '');
  };
  const short = (text: string) => {
    if (text.length > 80) return false;
    const n = normalizeLabel(text);
    if (!n || n.length > 48) return false;
    if (plural.has(n) || phrases.has(n)) return true;
    const bare = n.replace(leading, '');
    if (plural.has(bare) || phrases.has(bare)) return true;
    return /\d/.test(text) && (singular.has(n) || singular.has(bare));
  };
  const is = (text: string) => text.length <= 200 && (short(text) || countsThread(text));
  return {
    is,
    count(text) {
      if (!is(text)) return null;
      const m = NUMBER.exec(text);
      if (m) return Number.parseInt(m[0].replace(/\D/g, ''), 10);
      return one.has(text.trim().split(/\s/)[0]?.toLowerCase() ?? '') ? 1 : null;
    },
  };
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
