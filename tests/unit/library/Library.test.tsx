import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Library } from '../../../components/library/Library';
import { createHighlightsStore } from '../../../utils/favourites/highlights-store';
import { article, freshStore } from '../favourites/helpers';
import { byText, setValue, useContainer, waitFor } from '../favourites/ui-helpers';

const mountPoint = useContainer();

async function seeded(n: number) {
  const store = freshStore();
  for (let i = 0; i < n; i++) {
    await store.saveArticle(
      article({
        url: `https://s${i % 2}.example/story/${i}`,
        title: `Story ${String(i).padStart(2, '0')}`,
        textContent:
          i === 4
            ? 'Text that says <img src=x onerror="window.__pwned=1"> and then the kraken woke.'
            : `Body of story ${i}.`,
      }),
      { now: 1000 + i },
    );
  }
  return store;
}

async function mount(store: Awaited<ReturnType<typeof seeded>>) {
  await act(async () => {
    render(
      <Library
        source={store}
        readerUrl={(id) => `chrome-extension://abc/reader.html?id=${id}`}
        locale="en-US"
        height={2000}
      />,
      mountPoint.get(),
    );
  });
}

const root = () => mountPoint.get();
const rowTitles = () => [...root().querySelectorAll('a.lib-title')].map((a) => a.textContent);

describe('Library', () => {
  it('lists with names the tests rely on, sorts, and filters by Show', async () => {
    const store = await seeded(8);
    await mount(store);
    await waitFor(() => expect(rowTitles()[0]).toBe('Story 07'));
    expect(root().querySelector('h1')?.textContent).toBe('Library');
    expect(root().querySelector('ul')?.getAttribute('aria-label')).toBe('Favourites');
    expect(root().querySelector('a[href="/highlights.html"]')?.textContent).toBe('Highlights');
    const boxes = [...root().querySelectorAll<HTMLInputElement>('input.lib-check')];
    expect(boxes[0]?.getAttribute('aria-label')).toBe('Select Story 07');
    setValue(root().querySelector('#lib-sort') as HTMLSelectElement, 'title', 'change');
    await waitFor(() => expect(rowTitles()[0]).toBe('Story 00'));
    await store.setArchived([(await store.listPage({ limit: 1 }))[0]?.id as string], true);
    setValue(root().querySelector('#lib-show') as HTMLSelectElement, 'archived', 'change');
    await waitFor(() => expect(rowTitles()).toEqual(['Story 07']));
  });

  it("shows each row's highlights here, or another device's count when it has none here", async () => {
    const store = await seeded(3);
    const [first, second] = await store.listPage({ limit: 2 });
    const marks = createHighlightsStore(store);
    for (const start of [0, 10, 20]) {
      await marks.add(first!.id, {
        quote: { exact: 'Body', prefix: '', suffix: '' },
        position: { start, end: start + 4 },
        colour: 'yellow',
      });
    }
    // What storage.sync brought from another device (utils/sync): a count, not the highlights.
    await store.write(async (w) => {
      await w.put({ ...second!, highlightsElsewhere: 1 }, second);
      await w.put({ ...first!, highlightsElsewhere: 7 }, first);
    });
    await mount(store);
    const metaOf = (title: string) =>
      [...root().querySelectorAll('li.lib-row')]
        .find((li) => li.querySelector('a.lib-title')?.textContent === title)
        ?.querySelector('.lib-meta')?.textContent ?? '';
    await waitFor(() => expect(metaOf(first!.title)).toContain('3 highlights'));
    expect(metaOf(first!.title)).not.toContain('another device');
    expect(metaOf(second!.title)).toContain('1 highlight on another device');
    const third = (await store.listPage({ offset: 2, limit: 1 }))[0]!;
    expect(metaOf(third.title)).not.toContain('highlight');
  });

  it('select all, bulk archive with one Undo', async () => {
    const store = await seeded(6);
    await mount(store);
    await waitFor(() => expect(rowTitles()).toHaveLength(6));
    const all = byText<HTMLLabelElement>(root(), 'label', 'Select all').querySelector('input');
    await act(async () => {
      all?.click();
    });
    await waitFor(() => expect(root().querySelector('.lib-count')?.textContent).toBe('6 selected'));
    const bar = root().querySelector('[role="toolbar"]') as HTMLElement;
    await act(async () => {
      byText<HTMLButtonElement>(bar, 'button', 'Archive').click();
    });
    await waitFor(() => expect(root().textContent).toContain('Archived 6 favourites.'));
    await waitFor(() =>
      expect(
        [...root().querySelectorAll('.lib-meta')].every((m) => m.textContent?.includes('Archived')),
      ).toBe(true),
    );
    expect(await store.count({ archived: true })).toBe(6);
    await act(async () => {
      byText<HTMLButtonElement>(root(), 'button', 'Undo').click();
    });
    await waitFor(async () => expect(root().querySelector('.fav-undo')).toBeNull());
    const metas = () => [...root().querySelectorAll('.lib-meta')].map((m) => m.textContent);
    await waitFor(() => expect(metas().some((m) => m?.includes('Archived'))).toBe(false));
    expect(await store.count({ archived: true })).toBe(0);
  });

  it('a search snippet marks the match with DOM nodes; page text with markup stays text', async () => {
    const store = await seeded(6);
    await mount(store);
    await waitFor(() => expect(rowTitles()).toHaveLength(6));
    setValue(root().querySelector('input.lib-search') as HTMLInputElement, 'kraken', 'input');
    await waitFor(() =>
      expect(root().querySelector('.lib-snippet mark')?.textContent).toBe('kraken'),
    );
    const snippet = root().querySelector('.lib-snippet') as HTMLElement;
    expect(snippet.querySelector('img')).toBeNull();
    expect(snippet.textContent).toContain('<img src=x onerror=');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says so when a bulk action fails, and nothing changed', async () => {
    const store = await seeded(3);
    const failing = {
      ...store,
      library: store.library,
      setArchived: async () => {
        throw new Error('the transaction was aborted');
      },
    };
    await act(async () => {
      render(
        <Library source={failing} readerUrl={(id) => id} locale="en-US" height={2000} />,
        mountPoint.get(),
      );
    });
    await waitFor(() => expect(rowTitles()).toHaveLength(3));
    await act(async () => {
      (root().querySelector('input.lib-check') as HTMLInputElement).click();
    });
    const bar = root().querySelector('[role="toolbar"]') as HTMLElement;
    await act(async () => {
      byText<HTMLButtonElement>(bar, 'button', 'Archive').click();
    });
    await waitFor(() =>
      expect(root().querySelector('[role="alert"]')?.textContent).toBe(
        'Nothing was changed: the transaction was aborted',
      ),
    );
  });
  it('refuses a tag name with a comma or | and says why, the form kept', async () => {
    const store = await seeded(2);
    await mount(store);
    await waitFor(() => expect(rowTitles()).toHaveLength(2));
    await act(async () => {
      (root().querySelector('input.lib-check') as HTMLInputElement).click();
    });
    const bar = root().querySelector('[role="toolbar"]') as HTMLElement;
    await act(async () => {
      byText<HTMLButtonElement>(bar, 'button', 'Add tag…').click();
    });
    const input = () => root().querySelector('.lib-tag-form input') as HTMLInputElement;
    expect(input().closest('label')?.textContent).toBe('Tag to add');
    await act(async () => {
      setValue(input(), 'news|politics', 'input');
    });
    await act(async () => {
      (root().querySelector('.lib-tag-form') as HTMLFormElement).dispatchEvent(
        new Event('submit', { bubbles: true, cancelable: true }),
      );
    });
    await waitFor(() =>
      expect(root().querySelector('[role="alert"]')?.textContent).toContain(
        'A tag cannot contain a comma or “|”',
      ),
    );
    expect(input().value).toBe('news|politics');
    expect(await store.listTags()).toEqual([]);
  });
  it('asks for the tags (thousands of options) only once the first rows are painted', async () => {
    const store = await seeded(3);
    await store.addTag([(await store.listPage({ limit: 1 }))[0]?.id as string], 'kept');
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb);
      return frames.length;
    });
    const listTags = vi.spyOn(store, 'listTags');
    try {
      await mount(store);
      await waitFor(() => expect(rowTitles()).toHaveLength(3));
      await new Promise((done) => setTimeout(done, 50));
      // No frame yet: the rows are in the DOM, the tags not even asked for.
      expect(listTags).not.toHaveBeenCalled();
      await act(async () => {
        for (const cb of frames.splice(0)) cb(performance.now());
      });
      await waitFor(() => expect(listTags).toHaveBeenCalled());
      await waitFor(() =>
        expect([...root().querySelectorAll('#lib-tag option')].map((o) => o.textContent)).toContain(
          'kept (1)',
        ),
      );
    } finally {
      raf.mockRestore();
    }
  });
  it('shows the first page asked for ahead, once, for the view it opens on', async () => {
    const store = await seeded(3);
    const firstPage = store.library({ sort: 'saved', text: '', offset: 0, limit: 50 });
    const library = vi.spyOn(store, 'library');
    await act(async () => {
      render(
        <Library
          source={store}
          readerUrl={(id) => id}
          locale="en-US"
          height={2000}
          firstPage={firstPage}
        />,
        mountPoint.get(),
      );
    });
    await waitFor(() => expect(rowTitles()).toEqual(['Story 02', 'Story 01', 'Story 00']));
    expect(library).not.toHaveBeenCalled();
    setValue(root().querySelector('#lib-sort') as HTMLSelectElement, 'title', 'change');
    await waitFor(() => expect(rowTitles()[0]).toBe('Story 00'));
    setValue(root().querySelector('#lib-sort') as HTMLSelectElement, 'saved', 'change');
    await waitFor(() => expect(rowTitles()[0]).toBe('Story 02'));
    // Back on the view it opened on: read again, not the page from before.
    expect(library).toHaveBeenCalledTimes(2);
  });
});
