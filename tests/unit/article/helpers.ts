import { readFileSync } from 'node:fs';

/** A fixture page from tests/fixtures/reader as a Document (DOMParser: scripts never run). */
export function fixture(name: string): Document {
  const html = readFileSync(`tests/fixtures/reader/${name}`, 'utf8');
  return parse(html);
}

export function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The sanitized content HTML as a detached element, to query. */
export function contentOf(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}
