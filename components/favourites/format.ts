/** Locale-aware bits of text for the favourites UI. */
import { t } from '@/utils/i18n';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * Intl formatters cost far more to build than to use (the locale's data is looked up each time,
 * and a list builds one per row): one of each kind per locale, built on first use.
 */
function cached<T>(build: (locale: string) => T): (locale: string) => T {
  const made = new Map<string, T>();
  return (locale) => {
    let f = made.get(locale);
    if (f === undefined) {
      f = build(locale);
      made.set(locale, f);
    }
    return f;
  };
}

const relativeFormat = cached((l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
const numberFormat = cached((l) => new Intl.NumberFormat(l));
const pluralRules = cached((l) => new Intl.PluralRules(l));
const dateFormat = cached(
  (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeStyle: 'short' }),
);

/** "2 days ago", "yesterday", "now" in `locale`, for a time `then` seen at `now` (ms). */
export function relativeTime(then: number, now: number, locale: string): string {
  const seconds = Math.round((then - now) / 1000);
  const format = relativeFormat(locale);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/** "10,000 saved" (or "1 saved") with the locale's digits and plural rule. */
export function countText(count: number, locale: string, one: string, other: string): string {
  const number = numberFormat(locale).format(count);
  const rule = pluralRules(locale).select(count);
  return t(rule === 'one' ? one : other, [number]);
}

/** "10,000" with the locale's digits. */
export function formatCount(count: number, locale: string): string {
  return numberFormat(locale).format(count);
}

export function fullDate(ms: number, locale: string): string {
  return dateFormat(locale).format(ms);
}

/**
 * Where a key moves the focus in a list of `total` rows, from row `index` (`page` rows a
 * screen): the row's index, or null for a key that does not move it.
 */
export function rowAfterKey(
  key: string,
  index: number,
  total: number,
  page: number,
): number | null {
  const screen = Math.max(1, page);
  switch (key) {
    case 'ArrowDown':
      return index + 1;
    case 'ArrowUp':
      return index - 1;
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    case 'PageDown':
      return index + screen;
    case 'PageUp':
      return index - screen;
    default:
      return null;
  }
}
