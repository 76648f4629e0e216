/** Dates and durations for the reader header, in the UI's locale. */

/** Intl formatters are costly to build (locale data is looked up each time): one per locale. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const minuteFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let f = dateFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    } catch {
      f = new Intl.DateTimeFormat('en', { dateStyle: 'long' });
    }
    dateFormats.set(locale, f);
  }
  return f;
}

export function formatDate(iso: string | undefined, locale: string): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return dateFormat(locale).format(date);
}

export function formatMinutes(minutes: number, locale: string): string {
  const value = Math.max(1, Math.round(minutes));
  let f = minuteFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' });
    } catch {
      return `${value} min`;
    }
    minuteFormats.set(locale, f);
  }
  return f.format(value);
}

/** The URL when it is http(s), for links out of the reader. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
