import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const load = (lang: string): Messages =>
  JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8'));
const en = load('en');
const fr = load('fr');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}
const code = ['entrypoints', 'components', 'utils', 'wxt.config.ts']
  .flatMap((p) => (p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : sources(p)))
  .join('\n');

describe('UI strings', () => {
  test('English and French have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  test('every message is translated and keeps its placeholders', () => {
    for (const [key, entry] of Object.entries(en)) {
      const other = fr[key];
      expect(other?.message.trim(), key).toBeTruthy();
      expect(Object.keys(other?.placeholders ?? {}).sort(), key).toEqual(
        Object.keys(entry.placeholders ?? {}).sort(),
      );
      for (const name of Object.keys(entry.placeholders ?? {})) {
        expect(other?.message.toLowerCase(), key).toContain(`$${name.toLowerCase()}$`);
      }
    }
  });

  test('every key is used, and every key the code asks for exists', () => {
    const used = (key: string) =>
      [`'${key}'`, `"${key}"`, `__MSG_${key}__`].some((form) => code.includes(form));
    const unused = Object.keys(en).filter((key) => !used(key));
    expect(unused).toEqual([]);
    const asked = [...code.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1] as string);
    expect(asked.length).toBeGreaterThan(20);
    expect(asked.filter((key) => !en[key])).toEqual([]);
  });
});
