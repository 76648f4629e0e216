import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OfflineReader } from '@/components/reader/OfflineReader';
import { readerCss } from '@/components/reader/styles';
import { loadArticle } from '@/utils/favourites/read-offline';
import {
  DEFAULT_READER_SETTINGS,
  READER_SETTINGS_KEY,
  type ReaderSettings,
  validateReaderSettings,
} from '@/utils/reader-settings';

const style = document.createElement('style');
style.textContent = `html, body { margin: 0; padding: 0; } ${readerCss}`;
document.head.append(style);
document.documentElement.lang = navigator.language;

function App() {
  const id = new URLSearchParams(location.search).get('id');
  const [settings, setSettings] = useState<ReaderSettings>({ ...DEFAULT_READER_SETTINGS });
  useEffect(() => {
    void browser.storage.local
      .get(READER_SETTINGS_KEY)
      .then((stored) => setSettings(validateReaderSettings(stored[READER_SETTINGS_KEY])))
      .catch(() => undefined);
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[READER_SETTINGS_KEY];
      if (area === 'local' && change) setSettings(validateReaderSettings(change.newValue));
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const onChange = (next: ReaderSettings) => {
    const valid = validateReaderSettings(next);
    setSettings(valid);
    void browser.storage.local.set({ [READER_SETTINGS_KEY]: valid });
  };
  return <OfflineReader id={id} load={loadArticle} settings={settings} onSettingsChange={onChange} />;
}

render(<App />, document.getElementById('app') as HTMLElement);
