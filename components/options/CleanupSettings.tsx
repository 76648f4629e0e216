import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { Settings, SiteRule } from '@/utils/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '@/utils/settings-store';

const RULE_KEYS = ['overlays', 'comments', 'alwaysReader'] as const;
const RULE_LABEL: Record<(typeof RULE_KEYS)[number], string> = {
  overlays: 'popupSiteOverlays',
  comments: 'popupSiteComments',
  alwaysReader: 'popupSiteAlwaysReader',
};

/** Global clean-up switches and the per-site exceptions: see, change, remove. */
export function CleanupSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);
  if (!settings) return null;
  const update = (next: Settings) => {
    setSettings(next);
    void saveSettings(next);
  };
  const setGlobal = (key: 'overlays' | 'comments', value: boolean) =>
    update({ ...settings, cleanup: { ...settings.cleanup, [key]: value } });
  const setRule = (host: string, key: keyof SiteRule, value: boolean) =>
    update({
      ...settings,
      sites: { ...settings.sites, [host]: { ...settings.sites[host], [key]: value } },
    });
  const removeSite = (host: string) => {
    const sites = { ...settings.sites };
    delete sites[host];
    update({ ...settings, sites });
  };
  const hosts = Object.keys(settings.sites).sort();

  return (
    <>
      <section aria-labelledby="cleanup-h">
        <h2 id="cleanup-h">{t('optionsCleanup')}</h2>
        <label class="switch">
          <input
            type="checkbox"
            checked={settings.cleanup.overlays}
            onChange={(e) => setGlobal('overlays', (e.currentTarget as HTMLInputElement).checked)}
          />
          {t('optionsOverlaysEverywhere')}
        </label>
        <label class="switch">
          <input
            type="checkbox"
            checked={settings.cleanup.comments}
            onChange={(e) => setGlobal('comments', (e.currentTarget as HTMLInputElement).checked)}
          />
          {t('optionsCommentsEverywhere')}
        </label>
      </section>
      <section aria-labelledby="sites-h">
        <h2 id="sites-h">{t('optionsSites')}</h2>
        {hosts.length === 0 ? (
          <p class="muted">{t('optionsNoSites')}</p>
        ) : (
          <table class="sites">
            <thead>
              <tr>
                <th scope="col">{t('optionsSite')}</th>
                {RULE_KEYS.map((k) => (
                  <th scope="col" key={k}>
                    {t(RULE_LABEL[k])}
                  </th>
                ))}
                <th scope="col">
                  <span class="visually-hidden">{t('optionsRemoveSite')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hosts.map((host) => {
                const rule = settings.sites[host] ?? {};
                return (
                  <tr key={host}>
                    <th scope="row">{host}</th>
                    {RULE_KEYS.map((k) => (
                      <td key={k}>
                        <input
                          type="checkbox"
                          aria-label={`${t(RULE_LABEL[k])}: ${host}`}
                          checked={rule[k] ?? (k === 'alwaysReader' ? false : settings.cleanup[k])}
                          onChange={(e) =>
                            setRule(host, k, (e.currentTarget as HTMLInputElement).checked)
                          }
                        />
                      </td>
                    ))}
                    <td>
                      <button type="button" onClick={() => removeSite(host)}>
                        {t('optionsRemoveSiteNamed', host)}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
