import { useEffect, useState } from 'preact/hooks';
import { PALETTES, paletteVars } from '@/components/reader/theme';
import { useReaderSettings } from '@/components/reader/useReaderSettings';
import { t, uiLocale } from '@/utils/i18n';
import {
  DEFAULT_READER_SETTINGS,
  FONT_KEYS,
  READER_FONTS,
  READER_LIMITS,
  READER_THEMES,
  type ReaderFont,
  type ReaderSettings,
  THEME_KEYS,
} from '@/utils/reader-settings';
import { groupVoices, type VoiceGroup } from './voices';

type RangeKey = 'size' | 'width' | 'lineHeight';

/** Every value between the limits, e.g. speeds 0.5, 0.75 … 2. */
function steps(limits: { min: number; max: number; step: number }): number[] {
  const out: number[] = [];
  for (let v = limits.min; v <= limits.max + 1e-9; v += limits.step) {
    out.push(Math.round(v * 100) / 100);
  }
  return out;
}

/** The voices speech synthesis offers here, kept current (they often arrive late). */
function useVoiceGroups(locale: string): VoiceGroup[] {
  const [groups, setGroups] = useState<VoiceGroup[]>([]);
  useEffect(() => {
    const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
    if (!synth) return;
    const load = () => setGroups(groupVoices(synth.getVoices?.() ?? [], locale));
    load();
    synth.addEventListener?.('voiceschanged', load);
    return () => synth.removeEventListener?.('voiceschanged', load);
  }, [locale]);
  return groups;
}

function RangeField(props: {
  id: string;
  label: string;
  name: RangeKey;
  settings: ReaderSettings;
  format: (value: number) => string;
  onCommit: (key: RangeKey, value: number) => void;
}) {
  const { id, name, settings, format } = props;
  const limits = READER_LIMITS[name];
  const [draft, setDraft] = useState<number | null>(null);
  const value = draft ?? settings[name];
  const read = (e: Event) => Number((e.currentTarget as HTMLInputElement).value);
  return (
    <div class="field range-field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        min={limits.min}
        max={limits.max}
        step={limits.step}
        value={value}
        aria-valuetext={format(value)}
        onInput={(e) => setDraft(read(e))}
        onChange={(e) => {
          setDraft(null);
          props.onCommit(name, read(e));
        }}
      />
      <output for={id} aria-hidden="true">
        {format(value)}
      </output>
    </div>
  );
}

/** Reader defaults: the same stored object the reader uses, so open readers follow at once. */
export function ReaderDefaults({ locale = uiLocale() }: { locale?: string }) {
  const [settings, setSettings] = useReaderSettings();
  const groups = useVoiceGroups(locale);
  const number = (digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const update = (patch: Partial<ReaderSettings>) => setSettings({ ...settings, ...patch });
  const known = groups.some((g) => g.voices.some((v) => v.uri === settings.voice));
  const preview = settings.theme === 'system' ? undefined : paletteVars(PALETTES[settings.theme]);

  return (
    <section aria-labelledby="reader-h">
      <h2 id="reader-h">{t('optionsReaderDefaults')}</h2>
      <p class="muted">{t('optionsReaderDefaultsHelp')}</p>
      <fieldset class="group">
        <legend>{t('optionsAppearance')}</legend>
        <fieldset class="choices">
          <legend>{t('readerTheme')}</legend>
          {READER_THEMES.map((theme) => (
            <label key={theme} class="choice">
              <input
                type="radio"
                name="reader-theme"
                value={theme}
                checked={settings.theme === theme}
                onChange={() => update({ theme })}
              />
              {t(THEME_KEYS[theme])}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="reader-font">{t('readerFont')}</label>
          <select
            id="reader-font"
            value={settings.font}
            onChange={(e) => {
              const font = (e.currentTarget as HTMLSelectElement).value as ReaderFont;
              if (READER_FONTS.includes(font)) update({ font });
            }}
          >
            {READER_FONTS.map((font) => (
              <option key={font} value={font}>
                {t(FONT_KEYS[font])}
              </option>
            ))}
          </select>
        </div>
        <RangeField
          id="reader-size"
          label={t('optionsTextSize')}
          name="size"
          settings={settings}
          format={(v) => t('optionsSizeValue', [number(0).format(v)])}
          onCommit={(key, value) => update({ [key]: value })}
        />
        <RangeField
          id="reader-width"
          label={t('optionsLineWidth')}
          name="width"
          settings={settings}
          format={(v) => t('optionsWidthValue', [number(0).format(v)])}
          onCommit={(key, value) => update({ [key]: value })}
        />
        <RangeField
          id="reader-line-height"
          label={t('optionsLineHeight')}
          name="lineHeight"
          settings={settings}
          format={(v) => number(1).format(v)}
          onCommit={(key, value) => update({ [key]: value })}
        />
        <figure class="reader-preview" data-theme={settings.theme} style={preview}>
          <figcaption class="visually-hidden">{t('optionsPreview')}</figcaption>
          <p
            lang={locale}
            style={{
              fontFamily: settings.font,
              fontSize: `${settings.size}px`,
              lineHeight: settings.lineHeight,
              maxWidth: `${settings.width}ch`,
            }}
          >
            {t('optionsPreviewText')}
          </p>
        </figure>
      </fieldset>
      <fieldset class="group">
        <legend>{t('optionsListen')}</legend>
        <div class="field">
          <label for="reader-voice">{t('readerVoice')}</label>
          <select
            id="reader-voice"
            value={settings.voice}
            aria-describedby={groups.length ? undefined : 'reader-voice-none'}
            onChange={(e) => update({ voice: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t('optionsVoiceAuto')}</option>
            {settings.voice && !known && (
              <option value={settings.voice}>{t('optionsVoiceMissing', [settings.voice])}</option>
            )}
            {groups.map((g) => (
              <optgroup key={g.lang} label={g.label}>
                {g.voices.map((v) => (
                  <option key={v.uri} value={v.uri}>
                    {v.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {groups.length === 0 && (
            <p id="reader-voice-none" class="muted hint">
              {t('optionsNoVoices')}
            </p>
          )}
        </div>
        <div class="field">
          <label for="reader-rate">{t('readerSpeed')}</label>
          <select
            id="reader-rate"
            value={String(settings.rate)}
            onChange={(e) => update({ rate: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {[...new Set([...steps(READER_LIMITS.rate), settings.rate])]
              .sort((a, b) => a - b)
              .map((rate) => (
                <option key={rate} value={String(rate)}>
                  {`${number(2).format(rate)}×`}
                </option>
              ))}
          </select>
        </div>
      </fieldset>
      <button type="button" onClick={() => setSettings({ ...DEFAULT_READER_SETTINGS })}>
        {t('optionsResetReader')}
      </button>
    </section>
  );
}
