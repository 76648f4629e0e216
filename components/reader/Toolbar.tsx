import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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
import { TagsField } from '../popup/TagsField';
import { Listen, ListenSettings } from './Listen';

/** The saved favourite's tags, for the Save control (in the page: through the background). */
export interface ReaderTags {
  /** Its tags and every tag in use; null when the article is not saved. */
  load(): Promise<{ tags: string[]; known: string[] } | null>;
  /** Keeps its tags; resolves to those kept, or null when it is not saved. */
  save(tags: string[]): Promise<string[] | null>;
}

export interface ToolbarProps {
  settings: ReaderSettings;
  onChange: (next: ReaderSettings) => void;
  /** Text to read aloud and its language; Listen is hidden without speech synthesis. */
  text: string;
  lang?: string;
  onSave?: () => void;
  saved?: boolean;
  /** Once saved, a `Tags` button beside Save edits the favourite's tags. */
  tags?: ReaderTags;
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

/** Theme, font, size, width and line height, each with its name: the "Aa" popover's content. */
function DisplaySettings(props: {
  settings: ReaderSettings;
  onChange: (next: ReaderSettings) => void;
}) {
  const { settings, onChange } = props;
  return (
    <>
      <fieldset class="bs-group bs-row">
        <legend class="bs-row-label">{t('readerTheme')}</legend>
        <span class="bs-choices">
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
        </span>
      </fieldset>
      <label class="bs-group bs-row">
        <span class="bs-row-label">{t('readerFont')}</span>
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
      <div class="bs-group bs-row">
        <span class="bs-row-label">{t('readerSizeLabel')}</span>
        <StepButtons
          {...{ settings, onChange }}
          name="size"
          down="readerSizeDown"
          up="readerSizeUp"
          glyphs={['A−', 'A+']}
        />
      </div>
      <div class="bs-group bs-row">
        <span class="bs-row-label">{t('readerWidthLabel')}</span>
        <StepButtons
          {...{ settings, onChange }}
          name="width"
          down="readerWidthDown"
          up="readerWidthUp"
          glyphs={['−', '+']}
        />
      </div>
      <div class="bs-group bs-row">
        <span class="bs-row-label">{t('readerLineHeightLabel')}</span>
        <StepButtons
          {...{ settings, onChange }}
          name="lineHeight"
          down="readerLineHeightDown"
          up="readerLineHeightUp"
          glyphs={['−', '+']}
        />
      </div>
    </>
  );
}

/** A toolbar button: an icon, and its name (shown beside the icon where there is room). */
function BarButton(props: {
  icon: ComponentChildren;
  name: string;
  onClick: () => void;
  pressed?: boolean;
  expanded?: boolean;
  controls?: string;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  return (
    <button
      type="button"
      class="bs-bar-button"
      title={props.name}
      ref={props.buttonRef}
      aria-pressed={props.pressed === undefined ? undefined : props.pressed ? 'true' : 'false'}
      aria-expanded={props.expanded === undefined ? undefined : props.expanded ? 'true' : 'false'}
      aria-controls={props.controls}
      onClick={props.onClick}
    >
      <span class="bs-icon" aria-hidden="true">
        {props.icon}
      </span>
      <span class="bs-bar-text">{props.name}</span>
    </button>
  );
}

/** A printer, drawn: the font's U+2399 is missing on many systems. */
const PRINT_ICON = (
  <svg
    viewBox="0 0 16 16"
    width="14"
    height="14"
    fill="none"
    stroke="currentColor"
    stroke-width="1.5"
    aria-hidden="true"
  >
    <path d="M4 6V1.75h8V6M4 12H2.5A1 1 0 0 1 1.5 11V7a1 1 0 0 1 1-1h11a1 1 0 0 1 1 1v4a1 1 0 0 1-1 1H12M4 9.5h8v5H4z" />
  </svg>
);

let popoverIds = 0;

/**
 * The Save control's tags: a `Tags` button, shown once the article is saved, that opens a
 * popover with the `Tags` textbox (comma-separated, Enter keeps them, tags in use suggested).
 */
function TagsControl(props: {
  tags: ReaderTags;
  saved: boolean;
  open: boolean;
  onOpen: (open: boolean) => void;
}) {
  const [id] = useState(() => `bs-tags-popover-${++popoverIds}`);
  const [loaded, setLoaded] = useState<{ tags: string[]; known: string[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const { open, saved } = props;
  // Read each time it opens: the popup or another tab may have changed them.
  useEffect(() => {
    if (!open || !saved) return;
    let live = true;
    setFailed(false);
    props.tags.load().then(
      (result) => {
        if (!live) return;
        setLoaded(result);
        setFailed(!result);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [open, saved, props.tags]);
  useEffect(() => {
    if (!saved && open) props.onOpen(false);
  }, [saved, open]);
  if (!saved) return null;
  return (
    <span class="bs-popover-anchor">
      <BarButton
        icon="#"
        name={t('readerTags')}
        expanded={open}
        controls={id}
        buttonRef={button}
        onClick={() => props.onOpen(!open)}
      />
      <fieldset
        id={id}
        class="bs-popover bs-tags-popover"
        hidden={!open}
        onKeyDown={(e) => {
          // Escape closes the popover first (focus back on its button), then the reader.
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            props.onOpen(false);
            button.current?.focus();
          }
        }}
      >
        <legend class="bs-visually-hidden">{t('readerTags')}</legend>
        {open && loaded && (
          <TagsField
            tags={loaded.tags}
            known={() => Promise.resolve(loaded.known)}
            onCommit={(next) => props.tags.save(next)}
            autoFocus
          />
        )}
        {open && failed && <p role="alert">{t('readerTagsFailed')}</p>}
      </fieldset>
    </span>
  );
}

/**
 * The reader's bar, one row at any width from 320 px: Close, an "Aa" popover with the display
 * settings (theme, font, size, width, line height), Listen, Save, Print. It slides away while the
 * reader scrolls down and comes back on the way up.
 */
export function Toolbar(props: ToolbarProps) {
  const { settings, onChange } = props;
  const [open, setOpen] = useState(false);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [id] = useState(() => `bs-display-${++popoverIds}`);
  const toggle = useRef<HTMLButtonElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const [away, setAway] = useState(false);

  // Hide on scroll down, show on scroll up (never while the popover is open or focus is in the bar).
  useEffect(() => {
    const el = bar.current;
    const scroller = el?.closest('.bs-dialog') ?? el?.ownerDocument.scrollingElement;
    if (!el || !scroller) return;
    const target: EventTarget =
      scroller === el.ownerDocument.scrollingElement
        ? (el.ownerDocument.defaultView ?? window)
        : scroller;
    let last = (scroller as Element).scrollTop;
    const onScroll = () => {
      const top = (scroller as Element).scrollTop;
      const down = top > last + 4;
      const up = top < last - 4;
      if (down || up) last = top;
      if (up || top < 64) setAway(false);
      else if (down && !el.contains(el.ownerDocument.activeElement) && !el.matches(':focus-within'))
        setAway(true);
    };
    target.addEventListener('scroll', onScroll, { passive: true });
    return () => target.removeEventListener('scroll', onScroll);
  }, []);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <div
      ref={bar}
      class="bs-toolbar"
      role="toolbar"
      aria-label={t('readerToolbarLabel')}
      data-away={away && !open && !tagsOpen ? 'true' : undefined}
      onFocusIn={() => setAway(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    >
      {props.onClose && <BarButton icon="✕" name={t('readerClose')} onClick={props.onClose} />}
      <span class="bs-spacer" />
      <span class="bs-popover-anchor">
        <BarButton
          icon="Aa"
          name={t('readerSettingsLabel')}
          expanded={open}
          controls={id}
          buttonRef={toggle}
          onClick={() => {
            setOpen(!open);
            setTagsOpen(false);
          }}
        />
        <fieldset id={id} class="bs-popover" hidden={!open}>
          <legend class="bs-visually-hidden">{t('readerSettingsLabel')}</legend>
          {open && <DisplaySettings settings={settings} onChange={onChange} />}
          {open && <ListenSettings lang={props.lang} settings={settings} onChange={onChange} />}
        </fieldset>
      </span>
      <Listen text={props.text} lang={props.lang} settings={settings} onChange={onChange} />
      {props.onSave && (
        <BarButton
          icon={props.saved ? '★' : '☆'}
          name={t('readerSave')}
          pressed={!!props.saved}
          onClick={props.onSave}
        />
      )}
      {props.tags && (
        <TagsControl
          tags={props.tags}
          saved={props.saved ?? true}
          open={tagsOpen}
          onOpen={(next) => {
            setTagsOpen(next);
            if (next) setOpen(false);
          }}
        />
      )}
      <BarButton
        icon={PRINT_ICON}
        name={t('readerPrint')}
        onClick={props.onPrint ?? (() => window.print())}
      />
    </div>
  );
}
