import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  effectiveFor,
  parseSettings,
  SETTINGS_KEY,
  siteKey,
  withSiteRule,
} from '@/utils/settings';
import { loadSettings, saveSettings } from '@/utils/settings-store';

describe('settings', () => {
  test('anything stored that is not valid falls back to the defaults, field by field', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('nonsense')).toEqual(DEFAULT_SETTINGS);
    const s = parseSettings({
      cleanup: { overlays: 'yes', comments: false },
      sites: { 'example.com': { comments: true, evil: 1 }, 'bad host!': { comments: true } },
      extra: 1,
    });
    expect(s.cleanup).toEqual({ overlays: true, comments: false });
    expect(s.sites).toEqual({ 'example.com': { comments: true } });
    expect(s).not.toHaveProperty('extra');
  });

  test('a site rule overrides the global switch, on www. and bare host alike', () => {
    let s = withSiteRule(DEFAULT_SETTINGS, 'https://www.example.com/a', { comments: false });
    expect(siteKey('https://WWW.Example.com/')).toBe('example.com');
    expect(effectiveFor(s, 'https://example.com/b').comments).toBe(false);
    expect(effectiveFor(s, 'https://other.org/').comments).toBe(true);
    s = withSiteRule(s, 'https://example.com/', { comments: true });
    expect(s.sites).toEqual({});
  });

  test('settings round-trip through storage.sync', async () => {
    const s = withSiteRule(DEFAULT_SETTINGS, 'https://news.example/', { alwaysReader: true });
    await saveSettings(s);
    expect((await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]).toBeTruthy();
    expect(await loadSettings()).toEqual(s);
  });
});
