import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Messages = Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;
const en: Messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8'));

/** Chrome's getMessage, enough for tests: named placeholders and $1..$9 substitutions. */
export function getMessage(key: string, subs?: string | string[]): string {
  const entry = en[key];
  if (!entry) return '';
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  let text = entry.message.replace(/\$([a-z0-9_]+)\$/gi, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  });
  text = text.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  return text.replace(/\$\$/g, '$');
}

function installI18n() {
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  i18n.getMessage = getMessage;
  i18n.getUILanguage = () => 'en-US';
}

installI18n();
beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
