/**
 * The reader's one stylesheet, as a string: for the shadow root of the in-page overlay
 * (`:host` reset so the page's CSS can't reach in) and for reader.html alike.
 */
import { PALETTES, paletteVars } from './theme';

const FONTS = {
  serif: `Charter, 'Bitstream Charter', 'Iowan Old Style', 'Sitka Text', Cambria, Georgia,
    'Noto Serif', 'Times New Roman', serif`,
  sans: `system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial,
    sans-serif`,
  mono: `ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono',
    monospace`,
};

export const readerCss = `
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 !important;
  z-index: 2147483647 !important;
  display: block !important;
}
.bs-dialog {
  position: fixed;
  inset: 0;
  overflow: auto;
  overscroll-behavior: contain;
  outline: none;
}
.bs-reader {
  ${paletteVars(PALETTES.light)}
  --bs-size: 20px;
  --bs-width: 65ch;
  --bs-line-height: 1.6;
  --bs-font: ${FONTS.serif};
  box-sizing: border-box;
  min-height: 100%;
  /* The page must not show under a short article or a message: the reader fills the view. */
  min-height: 100vh;
  min-height: 100dvh;
  margin: 0;
  background: var(--bs-bg);
  color: var(--bs-fg);
  font-family: ${FONTS.sans};
  font-size: 16px;
  line-height: 1.4;
  text-align: start;
  -webkit-text-size-adjust: 100%;
  color-scheme: light;
}
.bs-reader *, .bs-reader *::before, .bs-reader *::after { box-sizing: border-box; }
.bs-reader[data-theme='sepia'] { ${paletteVars(PALETTES.sepia)} color-scheme: light; }
.bs-reader[data-theme='dark'] { ${paletteVars(PALETTES.dark)} color-scheme: dark; }
@media (prefers-color-scheme: dark) {
  .bs-reader[data-theme='system'] { ${paletteVars(PALETTES.dark)} color-scheme: dark; }
}
.bs-reader[data-font='serif'] { --bs-font: ${FONTS.serif}; }
.bs-reader[data-font='sans-serif'] { --bs-font: ${FONTS.sans}; }
.bs-reader[data-font='monospace'] { --bs-font: ${FONTS.mono}; }

.bs-toolbar {
  position: sticky;
  top: 0;
  z-index: 1;
  container-type: inline-size;
  display: flex;
  flex-wrap: nowrap;
  align-items: center;
  gap: 0.375rem;
  min-width: 0;
  margin: 0;
  padding: 0.375rem 0.75rem;
  background: var(--bs-bar-bg);
  color: var(--bs-fg);
  border-block-end: 1px solid var(--bs-border);
  transition: transform 160ms ease;
}
.bs-progress {
  position: sticky;
  top: 0;
  z-index: 2;
  height: 3px;
  margin-block-end: -3px;
  background: transparent;
  pointer-events: none;
}
.bs-progress-fill {
  height: 100%;
  background: var(--bs-link);
  transform-origin: 0 50%;
}
[dir='rtl'] .bs-progress-fill { transform-origin: 100% 50%; }
.bs-toolbar[data-away='true'] { transform: translateY(-110%); }
.bs-bar-button { display: inline-flex; align-items: center; gap: 0.4em; white-space: nowrap; }
.bs-icon { display: inline-block; min-width: 1.1em; text-align: center; line-height: 1; }
@container (max-width: 44rem) {
  .bs-bar-text {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
}
.bs-popover {
  position: absolute;
  top: calc(100% + 0.25rem);
  inset-inline-end: 0.5rem;
  z-index: 2;
  display: grid;
  gap: 0.5rem;
  width: max-content;
  max-width: calc(100vw - 1rem);
  padding: 0.75rem;
  background: var(--bs-bar-bg);
  border: 1px solid var(--bs-border);
  border-radius: 8px;
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
}
.bs-popover[hidden] { display: none; }
.bs-tags { display: grid; gap: 0.35rem; width: min(22rem, calc(100vw - 3rem)); }
.bs-tags-label { color: var(--bs-muted); font-size: 0.875rem; }
.bs-tags-input {
  font: inherit; font-size: 0.9375rem; color: var(--bs-fg); background: var(--bs-bg);
  border: 1px solid var(--bs-border); border-radius: 6px; padding: 0.35rem 0.5rem; min-width: 0;
}
.bs-tags-note { color: var(--bs-muted); font-size: 0.8125rem; min-height: 1em; }
.bs-row { display: flex; align-items: center; justify-content: space-between; gap: 0.75rem; }
.bs-row-label { color: var(--bs-muted); font-size: 0.875rem; padding: 0; }
.bs-choices { display: inline-flex; flex-wrap: wrap; gap: 0.25rem; }
.bs-notice {
  position: absolute;
  top: calc(100% + 0.25rem);
  inset-inline: 0.5rem;
  margin: 0;
  padding: 0.5rem 0.75rem;
  background: var(--bs-bar-bg);
  border: 1px solid var(--bs-border);
  border-radius: 6px;
  font-size: 0.875rem;
}
.bs-group {
  display: inline-flex;
  align-items: center;
  gap: 0.25rem;
  min-width: 0;
  margin: 0;
  padding: 0;
  border: 0;
}
.bs-group-label { color: var(--bs-muted); font-size: 0.875rem; margin-inline-end: 0.25rem; }
.bs-spacer { flex: 1 1 auto; }
.bs-reader button, .bs-reader select {
  font: inherit;
  font-size: 0.9375rem;
  color: var(--bs-fg);
  background: var(--bs-bg);
  border: 1px solid var(--bs-border);
  border-radius: 6px;
  min-height: 2.25rem;
  min-width: 2.25rem;
  padding: 0.25rem 0.6rem;
  cursor: pointer;
  transition: background-color 120ms ease;
}
.bs-reader button[aria-pressed='true'] {
  background: var(--bs-fg);
  color: var(--bs-bg);
  border-color: var(--bs-fg);
}
.bs-reader button:hover { border-color: var(--bs-fg); }
.bs-reader :focus { outline: none; }
.bs-reader :focus-visible, .bs-dialog:focus-visible {
  outline: 3px solid var(--bs-focus) !important;
  outline-offset: 2px;
}
.bs-visually-hidden {
  position: absolute !important;
  width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.bs-article {
  max-width: var(--bs-width);
  margin: 0 auto;
  padding: 2rem 1.25rem 4rem;
  font-family: var(--bs-font);
  font-size: var(--bs-size);
  line-height: var(--bs-line-height);
  overflow-wrap: break-word;
  hyphens: auto;
}
.bs-header { margin-block-end: 2rem; }
.bs-site {
  margin: 0 0 0.5rem;
  color: var(--bs-muted);
  font-family: ${FONTS.sans};
  font-size: 0.8em;
  letter-spacing: 0.02em;
}
.bs-title { margin: 0 0 0.75rem; font-size: 1.8em; line-height: 1.2; font-weight: 700; }
.bs-meta {
  margin: 0;
  color: var(--bs-muted);
  font-family: ${FONTS.sans};
  font-size: 0.8em;
  line-height: 1.5;
}
.bs-meta > * + *::before {
  /* An inline-block takes no underline from the link it precedes. */
  content: '·';
  display: inline-block;
  margin-inline: 0.4em;
  text-decoration: none;
}
.bs-reader a { color: var(--bs-link); text-decoration: underline; text-underline-offset: 0.15em; }
.bs-content h1, .bs-content h2, .bs-content h3, .bs-content h4, .bs-content h5, .bs-content h6 {
  line-height: 1.25;
  margin: 1.6em 0 0.6em;
}
.bs-content h1 { font-size: 1.5em; }
.bs-content h2 { font-size: 1.35em; }
.bs-content h3 { font-size: 1.2em; }
.bs-content h4, .bs-content h5, .bs-content h6 { font-size: 1em; }
.bs-content p, .bs-content ul, .bs-content ol, .bs-content dl, .bs-content figure,
.bs-content blockquote, .bs-content pre, .bs-content table { margin: 0 0 1.1em; }
.bs-content ul, .bs-content ol { padding-inline-start: 1.5em; }
.bs-content li + li { margin-block-start: 0.3em; }
.bs-content img, .bs-content video, .bs-content svg, .bs-content picture, .bs-content canvas {
  max-width: 100%;
  height: auto;
}
.bs-content img { display: block; margin-inline: auto; }
.bs-content figure { margin-inline: 0; }
.bs-content figcaption, .bs-content .caption {
  margin-block-start: 0.5em;
  color: var(--bs-muted);
  font-family: ${FONTS.sans};
  font-size: 0.8em;
  line-height: 1.45;
}
.bs-content blockquote {
  margin-inline: 0;
  padding-inline-start: 1em;
  border-inline-start: 4px solid var(--bs-border);
  color: var(--bs-fg);
  font-style: italic;
}
/* Who said it: on its own line under the quote, not run into its last words. */
.bs-content blockquote cite, .bs-content blockquote footer, .bs-content figure > blockquote + figcaption {
  display: block;
  margin-block-start: 0.4em;
  font-style: normal;
  font-family: ${FONTS.sans};
  font-size: 0.85em;
  color: var(--bs-muted);
}
.bs-content pre {
  overflow-x: auto;
  padding: 0.9em 1em;
  background: var(--bs-code-bg);
  border-radius: 6px;
  font-size: 0.8em;
  line-height: 1.5;
  white-space: pre;
  tab-size: 4;
  hyphens: none;
}
.bs-content code, .bs-content kbd, .bs-content samp { font-family: ${FONTS.mono}; font-size: 0.9em; }
.bs-content pre code { font-size: 1em; }
.bs-content :not(pre) > code { background: var(--bs-code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
.bs-content table {
  display: block;
  max-width: 100%;
  overflow-x: auto;
  border-collapse: collapse;
  font-family: ${FONTS.sans};
  font-size: 0.85em;
}
.bs-content th, .bs-content td {
  padding: 0.4em 0.6em;
  border: 1px solid var(--bs-border);
  text-align: start;
  vertical-align: top;
}
.bs-content hr { border: 0; border-block-start: 1px solid var(--bs-border); margin: 2em 0; }
.bs-message {
  max-width: 40rem;
  margin: 0 auto;
  padding: 3rem 1.25rem;
  font-size: 1.125rem;
  line-height: 1.5;
}
.bs-message p { margin: 0 0 1rem; }
.bs-message .bs-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; }

/* Highlights: mark colours that keep the text's contrast in every theme. */
.bs-reader {
  --bs-hl-yellow: #fff09a; --bs-hl-green: #c9efc1; --bs-hl-blue: #cfe3ff; --bs-hl-pink: #ffd3e6;
}
.bs-reader[data-theme='dark'] {
  --bs-hl-yellow: #4a3e00; --bs-hl-green: #1e4424; --bs-hl-blue: #1a3559; --bs-hl-pink: #4d1d38;
}
@media (prefers-color-scheme: dark) {
  .bs-reader[data-theme='system'] {
    --bs-hl-yellow: #4a3e00; --bs-hl-green: #1e4424; --bs-hl-blue: #1a3559; --bs-hl-pink: #4d1d38;
  }
}
.bs-article { position: relative; }
.bs-hl-yellow { --bs-hl: var(--bs-hl-yellow); }
.bs-hl-green { --bs-hl: var(--bs-hl-green); }
.bs-hl-blue { --bs-hl: var(--bs-hl-blue); }
.bs-hl-pink { --bs-hl: var(--bs-hl-pink); }
.bs-content mark.bs-hl {
  background: var(--bs-hl);
  color: inherit;
  border-radius: 2px;
  cursor: pointer;
  box-decoration-break: clone;
  -webkit-box-decoration-break: clone;
}
.bs-content mark.bs-hl[title] { border-block-end: 2px dotted currentColor; }
.bs-content mark.bs-hl-active { outline: 2px solid var(--bs-focus); }
.bs-hl-pop {
  margin: 0;
  min-width: 0;
  position: absolute;
  z-index: 3;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem;
  max-width: min(24rem, calc(100% - 1rem));
  padding: 0.375rem;
  font-family: system-ui, sans-serif;
  font-size: 0.875rem;
  line-height: 1.4;
  background: var(--bs-bar-bg);
  color: var(--bs-fg);
  border: 1px solid var(--bs-border);
  border-radius: 8px;
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
}
.bs-hl-card { display: grid; gap: 0.5rem; padding: 0.625rem; }
.bs-hl-actions { display: flex; flex-wrap: wrap; gap: 0.25rem; align-items: center; }
.bs-hl-main { display: inline-flex; align-items: center; gap: 0.4em; }
.bs-hl-swatch {
  display: inline-block; width: 1em; height: 1em; border-radius: 50%;
  background: var(--bs-hl); border: 1px solid var(--bs-border); vertical-align: middle;
}
.bs-hl-note { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.bs-hl-form { display: grid; gap: 0.375rem; }
.bs-hl-form textarea {
  font: inherit; color: var(--bs-fg); background: var(--bs-bg);
  border: 1px solid var(--bs-border); border-radius: 6px; padding: 0.375rem; min-width: 16rem;
}
.bs-hl-status { margin: 0; font-family: system-ui, sans-serif; font-size: 0.875rem; }
.bs-hl-status:empty { display: none; }
.bs-hl-unplaced {
  margin-block-start: 2rem; padding-block-start: 1rem;
  border-block-start: 1px solid var(--bs-border); font-size: 0.9em;
}
.bs-hl-unplaced h2 { font-size: 1.1em; margin: 0 0 0.5rem; }
.bs-hl-unplaced ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
.bs-hl-unplaced blockquote {
  margin: 0 0 0.375rem; padding-inline-start: 0.75rem;
  border-inline-start: 4px solid var(--bs-hl, var(--bs-border));
}
@media print {
  .bs-hl-pop, .bs-hl-status { display: none !important; }
}

@media (prefers-reduced-motion: reduce) {
  .bs-reader *, .bs-reader *::before, .bs-reader *::after {
    transition: none !important;
    animation: none !important;
    scroll-behavior: auto !important;
  }
}
@media print {
  :host { position: static !important; }
  .bs-dialog { position: static; overflow: visible; }
  .bs-toolbar { display: none !important; }
  .bs-reader { ${paletteVars(PALETTES.light)} background: #fff; color: #000; }
  .bs-article { max-width: none; padding: 0; font-size: 12pt; }
  .bs-content pre, .bs-content table { overflow: visible; white-space: pre-wrap; }
  .bs-content img, .bs-content figure { break-inside: avoid; }
}
`;

/** For the page under the overlay: when printing, only the reader (a child of <html>) shows. */
export const pagePrintCss = '@media print { html > body { display: none !important; } }';
