import { normaliseTags } from './tags';

/** Plain-text clean-up for fields that must never carry markup (titles, names, tags). */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeChar(Number.parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return safeChar(Number.parseInt(lower.slice(1), 10), whole);
    return ENTITIES[lower] ?? whole;
  });
}

function safeChar(code: number, fallback: string): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return fallback;
  return String.fromCodePoint(code);
}

/**
 * Text without tags: script/style bodies dropped, other tags removed, entities decoded,
 * control characters and runs of white space collapsed, cut to `max` characters.
 */
export function plainText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  let text = value
    .replace(/<(script|style|iframe|object|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?[a-z!?][^<>]*>/gi, ' ');
  text = decodeEntities(text)
    .replace(/<\/?[a-z!?][^<>]*>/gi, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters
    .replace(/[\u0000-\u001f\u007f\u200b\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  return `${Array.from(text)
    .slice(0, max - 1)
    .join('')}…`;
}

/** Tags as a clean unique list (see tags.ts: the one place that says what a tag is). */
export function cleanTags(values: unknown): string[] {
  return normaliseTags(values);
}
