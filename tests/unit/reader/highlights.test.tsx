// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { HighlightsApi } from '@/components/highlights/ArticleHighlights';
import { ReaderView } from '@/components/reader/ReaderView';
import type { Article } from '@/utils/article/types';
import type { Highlight } from '@/utils/favourites/types';
import { anchorOf } from '@/utils/highlights/anchor';
import { DEFAULT_READER_SETTINGS } from '@/utils/reader-settings';

const text = 'The tide rose early. The harbour wall held through the night.';
const article: Article = {
  url: 'https://gazette.example/tide',
  title: 'High tide',
  contentHtml: `<p>The tide rose <em>early</em>.</p><p>The harbour wall held through the night.</p>`,
  textContent: text,
  wordCount: 11,
  readingMinutes: 1,
};

const made = (id: string, exact: string, note?: string): Highlight => {
  const body = 'The tide rose early.The harbour wall held through the night.';
  const at = body.indexOf(exact);
  const anchor =
    at >= 0
      ? anchorOf(body, at, at + exact.length)
      : { quote: { exact, prefix: '', suffix: '' }, position: { start: 0, end: exact.length } };
  return {
    id,
    fav: 'https://gazette.example/tide',
    ...anchor,
    colour: 'blue',
    ...(note ? { note } : {}),
    at: 1,
    updatedAt: 1,
  };
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

async function show(list: Highlight[]) {
  const api: HighlightsApi = {
    list: vi.fn(async () => list),
    add: vi.fn(async () => ({ highlight: null })),
    update: vi.fn(async () => null),
    remove: vi.fn(async () => true),
    restore: vi.fn(async () => true),
  };
  await act(async () => {
    render(
      <ReaderView
        article={article}
        settings={{ ...DEFAULT_READER_SETTINGS }}
        onSettingsChange={() => {}}
        highlights={api}
        locale="en-US"
      />,
      root,
    );
  });
  await act(async () => {
    await Promise.resolve();
  });
  return api;
}

const buttonNamed = (name: string) =>
  [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );

describe('highlights in the reader', () => {
  it('shows placed ones as marks and lists the others as could not be placed, notes as text', async () => {
    await show([
      made('a', 'rose early'),
      made('b', 'a sentence the article lost', '<b>keep</b> this'),
    ]);
    const marks = [...root.querySelectorAll('.bs-content mark[data-highlight-id="a"]')];
    expect(marks.map((m) => m.textContent).join('')).toBe('rose early');
    expect(root.querySelector('.bs-content em mark')?.textContent).toBe('early');
    const lost = root.querySelector('section.bs-hl-unplaced');
    expect(lost?.querySelector('h2')?.textContent).toBe('Could not be placed');
    expect(lost?.querySelector('blockquote')?.textContent).toBe('a sentence the article lost');
    expect(lost?.querySelector('.bs-hl-note')?.textContent).toBe('<b>keep</b> this');
    expect(lost?.querySelector('b')).toBeNull();
  });

  it('clicking a mark offers Add note and Remove highlight; removing takes the mark away', async () => {
    const api = await show([made('a', 'harbour wall')]);
    const mark = root.querySelector('mark[data-highlight-id="a"]') as HTMLElement;
    await act(async () => {
      mark.click();
    });
    expect(buttonNamed('Add note')).toBeTruthy();
    await act(async () => {
      buttonNamed('Add note')?.click();
    });
    expect(root.querySelector('textarea[aria-label="Note"]')).not.toBeNull();
    await act(async () => {
      buttonNamed('Cancel')?.click();
    });
    await act(async () => {
      buttonNamed('Remove highlight')?.click();
    });
    await act(async () => {
      await Promise.resolve();
    });
    expect(api.remove).toHaveBeenCalledWith('a');
    expect(root.querySelector('mark[data-highlight-id]')).toBeNull();
    expect(root.querySelector('.bs-content')?.innerHTML).toBe(
      '<p>The tide rose <em>early</em>.</p><p>The harbour wall held through the night.</p>',
    );
  });

  it('a selection from the headline into the body offers Highlight for the body part only', async () => {
    const api = await show([]);
    const h1 = root.querySelector('h1') as HTMLElement;
    const second = root.querySelectorAll('.bs-content p')[1] as HTMLElement;
    await act(async () => {
      document
        .getSelection()
        ?.setBaseAndExtent(h1.firstChild as Text, 2, second.firstChild as Text, 11);
      root
        .querySelector('.bs-content')
        ?.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    const button = buttonNamed('Highlight');
    expect(button).toBeTruthy();
    await act(async () => {
      button?.click();
    });
    expect(api.add).toHaveBeenCalledTimes(1);
    const input = (api.add as ReturnType<typeof vi.fn>).mock.calls[0]?.[0];
    expect(input.quote.exact).toBe('The tide rose early.The harbour');
    expect(input.position).toEqual({ start: 0, end: 31 });
    expect(input.colour).toBe('yellow');
  });
});
