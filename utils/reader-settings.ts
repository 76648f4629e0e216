/** The reader's preferences: one typed object with defaults and validation. */

export const READER_THEMES = ['light', 'sepia', 'dark', 'system'] as const;
export const READER_FONTS = ['serif', 'sans-serif', 'monospace'] as const;
export type ReaderTheme = (typeof READER_THEMES)[number];
export type ReaderFont = (typeof READER_FONTS)[number];

export interface ReaderSettings {
  theme: ReaderTheme;
  font: ReaderFont;
  /** Body text size in CSS pixels. */
  size: number;
  /** Line length in `ch`. */
  width: number;
  /** Unitless line height. */
  lineHeight: number;
  /** `voiceURI` of the speech-synthesis voice; empty for the language's default. */
  voice: string;
  /** Speech rate, 1 is normal. */
  rate: number;
}

/** The `_locales` key naming each theme and font, for the reader toolbar and the options page. */
export const THEME_KEYS: Record<ReaderTheme, string> = {
  light: 'readerThemeLight',
  sepia: 'readerThemeSepia',
  dark: 'readerThemeDark',
  system: 'readerThemeSystem',
};
export const FONT_KEYS: Record<ReaderFont, string> = {
  serif: 'readerFontSerif',
  'sans-serif': 'readerFontSans',
  monospace: 'readerFontMono',
};

/** Where extension pages keep the settings in `browser.storage.local`. */
export const READER_SETTINGS_KEY = 'readerSettings';

export const READER_LIMITS = {
  size: { min: 12, max: 36, step: 2 },
  width: { min: 40, max: 100, step: 5 },
  lineHeight: { min: 1.2, max: 2.2, step: 0.1 },
  rate: { min: 0.5, max: 2, step: 0.25 },
} as const;

export const DEFAULT_READER_SETTINGS: Readonly<ReaderSettings> = Object.freeze({
  theme: 'system',
  font: 'serif',
  size: 20,
  width: 65,
  lineHeight: 1.6,
  voice: '',
  rate: 1,
});

function clampNumber(value: unknown, limits: { min: number; max: number }, fallback: number) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.round(Math.min(limits.max, Math.max(limits.min, value)) * 100) / 100;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Settings from storage (possibly old, partial or tampered with), made valid. */
export function validateReaderSettings(input: unknown): ReaderSettings {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const d = DEFAULT_READER_SETTINGS;
  return {
    theme: oneOf(raw.theme, READER_THEMES, d.theme),
    font: oneOf(raw.font, READER_FONTS, d.font),
    size: clampNumber(raw.size, READER_LIMITS.size, d.size),
    width: clampNumber(raw.width, READER_LIMITS.width, d.width),
    lineHeight: clampNumber(raw.lineHeight, READER_LIMITS.lineHeight, d.lineHeight),
    voice: typeof raw.voice === 'string' ? raw.voice.slice(0, 500) : d.voice,
    rate: clampNumber(raw.rate, READER_LIMITS.rate, d.rate),
  };
}

/** One step up (+1) or down (-1) of a numeric setting, within its limits. */
export function stepSetting(
  settings: ReaderSettings,
  key: 'size' | 'width' | 'lineHeight' | 'rate',
  direction: 1 | -1,
): ReaderSettings {
  const limits = READER_LIMITS[key];
  const value = settings[key] + direction * limits.step;
  return { ...settings, [key]: clampNumber(value, limits, settings[key]) };
}
