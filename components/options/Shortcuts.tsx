import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

/** `_execute_action` (the toolbar button) has no description of its own in the manifest. */
function commandLabel(c: Command): string {
  if (c.name === '_execute_action' || c.name === '_execute_browser_action') {
    return t('optionsShortcutPopup');
  }
  return c.description || c.name || '';
}

/** The keyboard shortcuts as the browser has them now, and where to change them. */
export function Shortcuts() {
  const [commands, setCommands] = useState<Command[]>([]);
  useEffect(() => {
    void browser.commands.getAll().then(setCommands);
  }, []);
  const isFirefox = navigator.userAgent.includes('Firefox');
  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">{t('optionsShortcuts')}</h2>
      <dl class="shortcuts">
        {commands.map((c) => (
          <div key={c.name}>
            <dt>{commandLabel(c)}</dt>
            <dd>{c.shortcut ? <kbd>{c.shortcut}</kbd> : t('optionsNoShortcut')}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">
        {isFirefox ? t('optionsShortcutsHowFirefox') : t('optionsShortcutsHowChrome')}
      </p>
    </section>
  );
}
