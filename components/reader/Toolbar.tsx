import { t } from '@/utils/i18n';
import {
  FONT_KEYS,
  READER_FONTS,
  READER_THEMES,
  type ReaderFont,
  type ReaderSettings,
  stepSetting,
  THEME_KEYS,
} from '@/utils/reader-settings';
import { Listen } from './Listen';

export interface ToolbarProps {
  settings: ReaderSettings;
  onChange: (next: ReaderSettings) => void;
  /** Text to read aloud and its language; Listen is hidden without speech synthesis. */
  text: string;
  lang?: string;
  onSave?: () => void;
  saved?: boolean;
  onClose?: () => void;
  onPrint?: () => void;
}

function StepButtons(props: {
  settings: ReaderSettings;
  onChange: (next: ReaderSettings) => void;
  name: 'size' | 'width' | 'lineHeight';
  down: string;
  up: string;
  glyphs: [string, string];
}) {
  const { settings, onChange, name } = props;
  return (
    <span class="bs-group">
      <button
        type="button"
        title={t(props.down)}
        onClick={() => onChange(stepSetting(settings, name, -1))}
      >
        <span aria-hidden="true">{props.glyphs[0]}</span>
        <span class="bs-visually-hidden">{t(props.down)}</span>
      </button>
      <button
        type="button"
        title={t(props.up)}
        onClick={() => onChange(stepSetting(settings, name, 1))}
      >
        <span aria-hidden="true">{props.glyphs[1]}</span>
        <span class="bs-visually-hidden">{t(props.up)}</span>
      </button>
    </span>
  );
}

/** The reader's settings bar: theme, font, size, width, spacing, listen, print, save, close. */
export function Toolbar(props: ToolbarProps) {
  const { settings, onChange } = props;
  return (
    <fieldset class="bs-toolbar">
      <legend class="bs-visually-hidden">{t('readerSettingsLabel')}</legend>
      <fieldset class="bs-group">
        <legend class="bs-visually-hidden">{t('readerTheme')}</legend>
        {READER_THEMES.map((theme) => (
          <button
            key={theme}
            type="button"
            aria-pressed={settings.theme === theme ? 'true' : 'false'}
            onClick={() => onChange({ ...settings, theme })}
          >
            {t(THEME_KEYS[theme])}
          </button>
        ))}
      </fieldset>
      <label class="bs-group">
        <span class="bs-group-label">{t('readerFont')}</span>
        <select
          value={settings.font}
          onChange={(e) => {
            const font = (e.currentTarget as HTMLSelectElement).value as ReaderFont;
            if (READER_FONTS.includes(font)) onChange({ ...settings, font });
          }}
        >
          {READER_FONTS.map((font) => (
            <option key={font} value={font}>
              {t(FONT_KEYS[font])}
            </option>
          ))}
        </select>
      </label>
      <StepButtons
        {...{ settings, onChange }}
        name="size"
        down="readerSizeDown"
        up="readerSizeUp"
        glyphs={['A−', 'A+']}
      />
      <StepButtons
        {...{ settings, onChange }}
        name="width"
        down="readerWidthDown"
        up="readerWidthUp"
        glyphs={['→←', '←→']}
      />
      <StepButtons
        {...{ settings, onChange }}
        name="lineHeight"
        down="readerLineHeightDown"
        up="readerLineHeightUp"
        glyphs={['≡−', '≡+']}
      />
      <Listen text={props.text} lang={props.lang} settings={settings} onChange={onChange} />
      <span class="bs-spacer" />
      <button type="button" onClick={props.onPrint ?? (() => window.print())}>
        {t('readerPrint')}
      </button>
      {props.onSave && (
        <button type="button" aria-pressed={props.saved ? 'true' : 'false'} onClick={props.onSave}>
          {t('readerSave')}
        </button>
      )}
      {props.onClose && (
        <button type="button" onClick={props.onClose}>
          {t('readerClose')}
        </button>
      )}
    </fieldset>
  );
}
