/** Reader colour themes. Every text colour meets WCAG AA (4.5:1) on both backgrounds. */

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  link: string;
  border: string;
  barBg: string;
  codeBg: string;
  focus: string;
}

export const PALETTES: Record<'light' | 'sepia' | 'dark', Palette> = {
  light: {
    bg: '#ffffff',
    fg: '#1b1b1b',
    muted: '#565656',
    link: '#0a4fbf',
    border: '#8a8a8a',
    barBg: '#f2f2f2',
    codeBg: '#f2f2f2',
    focus: '#0a4fbf',
  },
  sepia: {
    bg: '#f5eddb',
    fg: '#33281a',
    muted: '#5b4a33',
    link: '#7a3500',
    border: '#8c7a5e',
    barBg: '#ebe0c8',
    codeBg: '#ebe0c8',
    focus: '#7a3500',
  },
  dark: {
    bg: '#16181c',
    fg: '#e6e6e6',
    muted: '#b3b3b3',
    link: '#93bbff',
    border: '#7d8590',
    barBg: '#23262c',
    codeBg: '#23262c',
    focus: '#93bbff',
  },
};

function channel(hex: string, at: number): number {
  const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** CSS custom properties of a palette. */
export function paletteVars(p: Palette): string {
  return (Object.keys(p) as (keyof Palette)[])
    .map((key) => `--bs-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${p[key]};`)
    .join(' ');
}
