/**
 * Tag names: the one place that says what a tag is.
 *
 * - A name is trimmed, its runs of white space (and control characters) collapsed to one space,
 *   and cut to MAX_TAG_LENGTH characters; an empty name is no tag.
 * - Names that differ only in case or accents ("Médias", "medias", "MEDIAS") are the same tag:
 *   they share one key (`tagKey`), and the first spelling seen is kept.
 * - Markup in a name is text: "<b>x</b>" is the tag of those eight characters, shown as text,
 *   never parsed (the UI renders names as text nodes only).
 * - A comma or a `|` is never part of a name: they separate tags, in the popup's and library's
 *   text fields and in every file we write or read (Pocket's CSV joins tags with `|`, Netscape
 *   bookmarks' TAGS with commas, and the browsers, Pocket and the apps that import them split
 *   there, with no escape). So a list of tags splits a value there ("a|b" is the tags `a` and
 *   `b`, as any of those files would say), and a single name with one is refused (TAG_SEPARATORS,
 *   with a message in the UI): every tag then comes back whole from every export.
 */
import { foldText } from './words';

/** Longest tag name kept, in characters (code points). */
export const MAX_TAG_LENGTH = 64;
/** Most tags on one favourite. */
export const MAX_TAGS_PER_FAVOURITE = 100;

/** What separates tags: never part of one (see above). */
export const TAG_SEPARATORS = /[,|]/;

/** Whether `text` holds a comma or `|`, so cannot be one tag's name. */
export function hasTagSeparator(text: string): boolean {
  return TAG_SEPARATORS.test(text);
}

/** A tag name as kept, or null when nothing is left of it or it holds a separator. */
export function normaliseTag(value: unknown): string | null {
  if (typeof value !== 'string' || hasTagSeparator(value)) return null;
  const name = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are white space here
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069\s]+/g, ' ')
    .trim();
  if (!name) return null;
  // No longer in UTF-16 units than the limit: no longer in characters either.
  if (name.length <= MAX_TAG_LENGTH) return name;
  const chars = Array.from(name);
  if (chars.length <= MAX_TAG_LENGTH) return name;
  return chars.slice(0, MAX_TAG_LENGTH).join('').trimEnd();
}

/** Keys worked out lately, by name: a bulk change or an import asks for the same few often. */
const keys = new Map<string, string>();
const KEYS_KEPT = 5000;

/** The identity of a tag: case and accents folded, so variants are one tag. */
export function tagKey(name: string): string {
  let key = keys.get(name);
  if (key !== undefined) return key;
  key = foldText(name).replace(/\s+/g, ' ').trim();
  if (name.length <= MAX_TAG_LENGTH * 2) {
    if (keys.size >= KEYS_KEPT) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/**
 * Clean unique tags (by key, first spelling kept), at most MAX_TAGS_PER_FAVOURITE; a value with
 * a comma or `|` is the tags between them.
 */
export function normaliseTags(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  const seen = new Map<string, string>();
  const parts = values.flatMap((value) =>
    typeof value === 'string' && hasTagSeparator(value) ? value.split(TAG_SEPARATORS) : [value],
  );
  for (const value of parts) {
    const name = normaliseTag(value);
    if (!name) continue;
    const key = tagKey(name);
    if (!key || seen.has(key)) continue;
    seen.set(key, name);
    if (seen.size >= MAX_TAGS_PER_FAVOURITE) break;
  }
  return [...seen.values()];
}

/** Tags from text typed as "a, b, c" (the popup's and library's comma-separated field). */
export function parseTagList(text: string): string[] {
  return normaliseTags(text.split(TAG_SEPARATORS));
}

/** Whether `tags` holds a tag with `name`'s key. */
export function hasTag(tags: readonly string[], name: string): boolean {
  const key = tagKey(name);
  return tags.some((tag) => tagKey(tag) === key);
}

/** `tags` with `name` added (kept as it is when an equivalent spelling is there). */
export function withTag(tags: readonly string[], name: string): string[] {
  return normaliseTags([...tags, name]);
}

/** `tags` without `name` (in any spelling). */
export function withoutTag(tags: readonly string[], name: string): string[] {
  const key = tagKey(name);
  return tags.filter((tag) => tagKey(tag) !== key);
}

/** A tag as listed: its kept spelling and how many favourites carry it. */
export interface TagCount {
  name: string;
  count: number;
}
