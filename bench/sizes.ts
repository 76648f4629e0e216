/**
 * Size of every built file, minified as shipped and gzipped; the always-on content script first,
 * then its second part.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ALWAYS_ON = 'always-on.js';
export const ALWAYS_ON_BUDGET = 30 * 1024;
/** The always-on script's second part, loaded only on pages that give a reason (utils/content/deep.ts). */
export const PAGE_DEEP = 'page-deep.js';

export interface SizeRow {
  file: string;
  bytes: number;
  gzip: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function sizes(buildDir: string): SizeRow[] {
  const rows = walk(buildDir)
    .filter((f) => /\.(js|css|html|json)$/.test(f))
    .map((path) => {
      const data = readFileSync(path);
      return { file: relative(buildDir, path), bytes: data.length, gzip: gzipSync(data).length };
    });
  const first = [ALWAYS_ON, PAGE_DEEP];
  const rank = (f: string) => (first.includes(f) ? first.indexOf(f) : first.length);
  rows.sort((a, b) => {
    if (rank(a.file) !== rank(b.file)) return rank(a.file) - rank(b.file);
    return b.bytes - a.bytes;
  });
  return rows;
}
