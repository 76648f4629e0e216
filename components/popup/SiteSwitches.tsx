import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import {
  effectiveFor,
  type Settings,
  type SiteRule,
  siteKey,
  withSiteRule,
} from '@/utils/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '@/utils/settings-store';

/** Per-site switches for this tab's site: clean-up and "always open reader view". */
export function SiteSwitches({ url }: { url: string }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);
  if (!settings) return null;
  const eff = effectiveFor(settings, url);
  const change = (patch: SiteRule) => {
    const next = withSiteRule(settings, url, patch);
    setSettings(next);
    void saveSettings(next);
  };
  const box = (key: keyof SiteRule, label: string) => (
    <label class="switch">
      <input
        type="checkbox"
        checked={eff[key]}
        onChange={(e) => change({ [key]: (e.currentTarget as HTMLInputElement).checked })}
      />
      {label}
    </label>
  );
  return (
    <fieldset class="site-switches">
      <legend>{t('popupOnThisSite', siteKey(url))}</legend>
      {box('overlays', t('popupSiteOverlays'))}
      {box('comments', t('popupSiteComments'))}
      {box('alwaysReader', t('popupSiteAlwaysReader'))}
    </fieldset>
  );
}
