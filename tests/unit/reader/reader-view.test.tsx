// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ReaderMessage } from '@/components/reader/ReaderMessage';
import { ReaderView } from '@/components/reader/ReaderView';
import { contrastRatio, PALETTES } from '@/components/reader/theme';
import { extractArticle } from '@/utils/article/extract';
import type { Article } from '@/utils/article/types';
import { DEFAULT_READER_SETTINGS, type ReaderSettings } from '@/utils/reader-settings';
import { fixture } from '../article/helpers';

const article: Article = {
  url: 'https://quotidien.example/monde/climat',
  title: 'Paris et Berlin promettent une feuille de route commune',
  siteName: 'Le Quotidien Exemple',
  byline: 'Claire Martin',
  publishedTime: '2016-03-14T08:30:00.000Z',
  lang: 'fr',
  contentHtml: '<p>Premier paragraphe.</p><h2>Suite</h2><p>Second paragraphe.</p>',
  textContent: 'Premier paragraphe.\nSuite\nSecond paragraphe.',
  wordCount: 5,
  readingMinutes: 4,
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(props: Partial<Parameters<typeof ReaderView>[0]> = {}) {
  const onSettingsChange = vi.fn<(s: ReaderSettings) => void>();
  act(() => {
    render(
      <ReaderView
        article={article}
        settings={{ ...DEFAULT_READER_SETTINGS }}
        onSettingsChange={onSettingsChange}
        locale="en-US"
        {...props}
      />,
      root,
    );
  });
  return { onSettingsChange };
}

/** A button's accessible name, near enough: aria-label, else its text without aria-hidden parts. */
function nameOf(b: Element): string {
  const label = b.getAttribute('aria-label');
  if (label) return label;
  const copy = b.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return copy.textContent?.trim() ?? '';
}

function button(name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => nameOf(b) === name);
}

describe('ReaderView', () => {
  it('renders one h1 with the title, and the header', () => {
    show();
    const h1s = root.querySelectorAll('h1');
    expect(h1s).toHaveLength(1);
    expect(h1s[0]?.textContent).toBe(article.title);
    expect(root.textContent).toContain('Le Quotidien Exemple');
    expect(root.textContent).toContain('By Claire Martin');
    expect(root.querySelector('time')?.textContent).toBe('March 14, 2016');
    expect(root.querySelector('time')?.getAttribute('datetime')).toBe(article.publishedTime);
    expect(root.textContent).toContain('4 min read');
    const original = [...root.querySelectorAll('a')].find(
      (a) => a.textContent === 'View the original page',
    );
    expect(original?.getAttribute('href')).toBe(article.url);
    expect(original?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('puts lang and dir on the article', () => {
    show({ article: { ...article, lang: 'ar', dir: 'rtl' } });
    const el = root.querySelector('article');
    expect(el?.getAttribute('lang')).toBe('ar');
    expect(el?.getAttribute('dir')).toBe('rtl');
  });

  it('formats the date in the UI locale', () => {
    show({ locale: 'fr-FR' });
    expect(root.querySelector('time')?.textContent).toBe('14 mars 2016');
  });

  it('shows what extraction sanitized as it is, and keeps it when the settings change', () => {
    const extracted = extractArticle(
      fixture('hostile.html'),
      new URL('https://harbour.example/news/budget'),
    );
    if (!extracted) throw new Error('no article');
    show({ article: extracted });
    const body = root.querySelector('.bs-content');
    expect(body?.innerHTML).toBe(extracted.contentHtml);
    expect(body?.textContent).toContain('temporary pontoon');
    expect(body?.querySelector('script, iframe, [onerror], [onload]')).toBeNull();
    act(() => {
      render(
        <ReaderView
          article={extracted}
          settings={{ ...DEFAULT_READER_SETTINGS, theme: 'dark', size: 24 }}
          onSettingsChange={() => {}}
          locale="en-US"
        />,
        root,
      );
    });
    expect(root.querySelector('.bs-content')?.innerHTML).toBe(extracted.contentHtml);
  });

  it('shows the same extracted article in full when it is opened again', () => {
    const extracted = extractArticle(
      fixture('hostile.html'),
      new URL('https://harbour.example/news/budget'),
    );
    if (!extracted) throw new Error('no article');
    // The first showing takes the sanitized nodes; a second one (the reader closed and opened
    // again on the same page) must not find them gone.
    show({ article: extracted });
    expect(root.querySelector('.bs-content')?.innerHTML).toBe(extracted.contentHtml);
    act(() => render(null, root));
    expect(root.querySelector('.bs-content')).toBeNull();
    show({ article: extracted });
    const body = root.querySelector('.bs-content');
    expect(body?.innerHTML).toBe(extracted.contentHtml);
    expect(body?.textContent).toContain('temporary pontoon');
    expect(body?.querySelector('script, iframe, [onerror], [onload]')).toBeNull();
  });

  it('sanitizes a body it did not see sanitized (a copy, from storage or a message)', () => {
    show({
      article: {
        ...article,
        contentHtml:
          '<p>ok</p><img src=x onerror="window.__x=1"><script>window.__x=1</script><a href="javascript:alert(1)">j</a>',
      },
    });
    const body = root.querySelector('.bs-content');
    expect(body?.querySelector('script')).toBeNull();
    expect(body?.querySelector('img')?.hasAttribute('onerror')).toBe(false);
    expect(body?.querySelector('a')?.hasAttribute('href')).toBe(false);
  });

  /** Opens the "Aa" popover, where the display settings are. */
  const openSettings = () => {
    const toggle = button('Reader settings');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    act(() => toggle?.click());
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
  };

  it('gives every toolbar button an accessible name', () => {
    show({ onClose: () => {}, onSave: () => {} });
    expect(button('Dark')).toBeUndefined();
    openSettings();
    for (const b of root.querySelectorAll('button')) {
      expect(nameOf(b)).not.toBe('');
    }
    for (const name of [
      'Light',
      'Sepia',
      'Dark',
      'System',
      'Smaller text',
      'Larger text',
      'Print',
      'Close reader view',
      'Save to favourites',
    ]) {
      expect(button(name), name).toBeDefined();
    }
  });

  it('changes the theme through onChange, and shows the pressed state', () => {
    const { onSettingsChange } = show();
    openSettings();
    act(() => button('Dark')?.click());
    expect(onSettingsChange).toHaveBeenCalledWith({ ...DEFAULT_READER_SETTINGS, theme: 'dark' });
    expect(button('System')?.getAttribute('aria-pressed')).toBe('true');
    expect(button('Dark')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('steps the size within limits', () => {
    const { onSettingsChange } = show({ settings: { ...DEFAULT_READER_SETTINGS, size: 36 } });
    openSettings();
    act(() => button('Larger text')?.click());
    expect(onSettingsChange).toHaveBeenLastCalledWith(expect.objectContaining({ size: 36 }));
    act(() => button('Smaller text')?.click());
    expect(onSettingsChange).toHaveBeenLastCalledWith(expect.objectContaining({ size: 34 }));
  });

  it('applies theme and font to the root', () => {
    show({ settings: { ...DEFAULT_READER_SETTINGS, theme: 'sepia', font: 'monospace', size: 24 } });
    const el = root.querySelector('.bs-reader') as HTMLElement;
    expect(el.dataset.theme).toBe('sepia');
    expect(el.dataset.font).toBe('monospace');
    expect(el.style.getPropertyValue('--bs-size')).toBe('24px');
  });

  it('shows Save to favourites only when wired, with aria-pressed', () => {
    show();
    expect(button('Save to favourites')).toBeUndefined();
    expect(button('Close reader view')).toBeUndefined();
    const onSave = vi.fn();
    show({ onSave, saved: true });
    expect(button('Save to favourites')?.getAttribute('aria-pressed')).toBe('true');
    act(() => button('Save to favourites')?.click());
    expect(onSave).toHaveBeenCalledOnce();
  });

  it('hides Listen without speech synthesis, shows it with', () => {
    show();
    expect(button('Listen')).toBeUndefined();
    const speak = vi.fn();
    const voice = { voiceURI: 'v', name: 'Voix', lang: 'fr-FR' };
    const synth = {
      speak,
      cancel: vi.fn(),
      pause: vi.fn(),
      resume: vi.fn(),
      getVoices: () => [voice],
    };
    vi.stubGlobal('speechSynthesis', synth);
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        text: string;
        lang = '';
        rate = 1;
        constructor(t: string) {
          this.text = t;
        }
      },
    );
    try {
      render(null, root);
      show();
      act(() => button('Listen')?.click());
      expect(speak).toHaveBeenCalled();
      expect(speak.mock.calls[0]?.[0].lang).toBe('fr');
      expect(button('Pause')).toBeDefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says when no voice is installed, instead of a silent Pause', () => {
    const speak = vi.fn();
    const synth = { speak, cancel: vi.fn(), getVoices: () => [] };
    vi.stubGlobal('speechSynthesis', synth);
    vi.stubGlobal('SpeechSynthesisUtterance', class {});
    try {
      render(null, root);
      show();
      act(() => button('Listen')?.click());
      expect(speak).not.toHaveBeenCalled();
      expect(button('Pause')).toBeUndefined();
      expect(button('Listen')).toBeDefined();
      const status = root.querySelector('[role="status"]');
      expect(status?.textContent).toContain('No voice is installed');
      expect(status?.textContent).toContain('espeak-ng');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('ReaderMessage', () => {
  it('says there is no article and offers to try anyway', () => {
    const onTryAnyway = vi.fn();
    act(() => render(<ReaderMessage kind="no-article" onTryAnyway={onTryAnyway} />, root));
    expect(root.textContent).toContain('No article was found on this page.');
    act(() => button('Try anyway')?.click());
    expect(onTryAnyway).toHaveBeenCalledOnce();
  });

  it('says when the page is too large', () => {
    act(() => render(<ReaderMessage kind="too-large" onClose={() => {}} />, root));
    expect(root.textContent).toContain('too large');
    expect(button('Close reader view')).toBeDefined();
  });
});

describe('themes', () => {
  it.each(Object.entries(PALETTES))('%s meets 4.5:1 for all text', (_name, p) => {
    for (const bg of [p.bg, p.barBg, p.codeBg]) {
      for (const fg of [p.fg, p.muted, p.link]) {
        expect(contrastRatio(fg, bg)).toBeGreaterThanOrEqual(4.5);
      }
    }
    // Pressed buttons invert the colours.
    expect(contrastRatio(p.bg, p.fg)).toBeGreaterThanOrEqual(4.5);
  });
});
