/** Size of every built file, minified as shipped and gzipped; the always-on content script first. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const ALWAYS_ON = 'always-on.js';
export const ALWAYS_ON_BUDGET = 30 * 1024;

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
  rows.sort((a, b) => {
    if (a.file === ALWAYS_ON) return -1;
    if (b.file === ALWAYS_ON) return 1;
    return b.bytes - a.bytes;
  });
  return rows;
}
