import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  DEFAULT_READER_SETTINGS,
  READER_SETTINGS_KEY,
  type ReaderSettings,
  validateReaderSettings,
} from '@/utils/reader-settings';

/**
 * The reader's settings, remembered in `storage.sync` (they follow the reader between browsers)
 * and kept current when another tab or page changes them.
 */
export function useReaderSettings(): [ReaderSettings, (next: ReaderSettings) => void] {
  const [settings, setSettings] = useState<ReaderSettings>({ ...DEFAULT_READER_SETTINGS });
  useEffect(() => {
    browser.storage.sync
      .get(READER_SETTINGS_KEY)
      .then((stored) => setSettings(validateReaderSettings(stored[READER_SETTINGS_KEY])))
      .catch(() => undefined);
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[READER_SETTINGS_KEY];
      if (area === 'sync' && change) setSettings(validateReaderSettings(change.newValue));
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  const change = (next: ReaderSettings) => {
    const valid = validateReaderSettings(next);
    setSettings(valid);
    void browser.storage.sync.set({ [READER_SETTINGS_KEY]: valid }).catch(() => undefined);
  };
  return [settings, change];
}
