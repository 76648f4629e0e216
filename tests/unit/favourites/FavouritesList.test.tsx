import { render } from 'preact';
import { act } from 'preact/test-utils';
import { FavouritesList } from '../../../components/favourites/FavouritesList';
import { article, freshStore } from './helpers';
import { byText, listItems, setValue, titles, useContainer, waitFor } from './ui-helpers';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2024, 5, 15, 12);

async function seededStore(n: number) {
  const store = freshStore();
  for (let i = 0; i < n; i++) {
    const site = i % 2 ? 'news.example.com' : 'www.example-journal.fr';
    await store.saveArticle(
      article({
        url: `https://${site}/story/${i}`,
        title: `Story ${i}`,
        textContent: i === 3 ? 'La rédaction a retrouvé le kraken.' : `Body of story ${i}.`,
      }),
      { now: NOW - 2 * DAY - (n - i) * 1000, read: i % 5 === 0 },
    );
  }
  return store;
}

const mountPoint = useContainer();

async function mount(store: Awaited<ReturnType<typeof seededStore>>, undoMs = 5000) {
  await act(async () => {
    render(
      <FavouritesList
        source={store}
        readerUrl={(id) => `chrome-extension://abc/reader.html?id=${encodeURIComponent(id)}`}
        now={() => NOW}
        locale="en-US"
        debounceMs={5}
        undoMs={undoMs}
      />,
      mountPoint.get(),
    );
  });
}

describe('FavouritesList', () => {
  it('renders a named, newest-first, virtualized list with links, dates and actions', async () => {
    const store = await seededStore(100);
    await mount(store);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 99'));
    expect(mountPoint.get().querySelector('ul.fav-list')?.getAttribute('aria-label')).toBe(
      'Favourites',
    );
    expect(mountPoint.get().querySelector('input[type="search"]')?.getAttribute('aria-label')).toBe(
      'Search favourites',
    );
    // The count is read once the first rows are painted.
    await waitFor(() =>
      expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('100 saved'),
    );
    const items = listItems(mountPoint.get());
    expect(items.length).toBeGreaterThan(3);
    expect(items.length).toBeLessThan(20);
    expect(titles(mountPoint.get()).slice(0, 3)).toEqual(['Story 99', 'Story 98', 'Story 97']);
    const first = items[0] as HTMLElement;
    const link = first.querySelector<HTMLAnchorElement>('a.fav-title');
    expect(link?.getAttribute('href')).toBe('https://news.example.com/story/99');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(first.textContent).toContain('2 days ago');
    expect(first.textContent).toContain('Example News');
    expect(first.textContent).toContain('Unread');
    expect(byText<HTMLAnchorElement>(first, 'a', 'Read offline').getAttribute('href')).toBe(
      'chrome-extension://abc/reader.html?id=https%3A%2F%2Fnews.example.com%2Fstory%2F99',
    );
    byText(first, 'button', 'Remove');
    expect(first.getAttribute('aria-setsize')).toBe('100');
  });

  it('loads rows further down as the list scrolls', async () => {
    const store = await seededStore(120);
    await mount(store);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 119'));
    const scroller = mountPoint.get().querySelector<HTMLElement>('.fav-scroller');
    await act(async () => {
      if (!scroller) return;
      scroller.scrollTop = 68 * 100;
      scroller.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(titles(mountPoint.get())).toContain('Story 19'));
    expect(titles(mountPoint.get())).not.toContain('Story 119');
  });

  it('searches as one types, accent- and case-insensitively, in the offline text', async () => {
    const store = await seededStore(20);
    await mount(store);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 19'));
    const box = mountPoint
      .get()
      .querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement;
    await act(async () => setValue(box, 'REDACTION kra', 'input'));
    await waitFor(() => expect(titles(mountPoint.get())).toEqual(['Story 3']));
    expect(mountPoint.get().querySelector('.fav-count')?.textContent).toContain('1 match');
    await act(async () => setValue(box, 'nothing-like-this', 'input'));
    await waitFor(() => expect(mountPoint.get().textContent).toContain('No favourites match.'));
  });

  it('filters by site and read state', async () => {
    const store = await seededStore(20);
    await mount(store);
    await waitFor(() =>
      expect(mountPoint.get().querySelectorAll('select option').length).toBeGreaterThan(4),
    );
    const [siteSelect, readSelect] = [
      ...mountPoint.get().querySelectorAll('select'),
    ] as HTMLSelectElement[];
    await act(async () =>
      setValue(siteSelect as HTMLSelectElement, 'example-journal.fr', 'change'),
    );
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 18'));
    expect(titles(mountPoint.get()).every((t) => Number(t.split(' ')[1]) % 2 === 0)).toBe(true);
    await act(async () => setValue(readSelect as HTMLSelectElement, 'read', 'change'));
    await waitFor(() => expect(titles(mountPoint.get())).toEqual(['Story 10', 'Story 0']));
  });

  it('archives with Undo: an archived one leaves the list, a search still finds it', async () => {
    const store = await seededStore(5);
    await mount(store);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 4'));
    const first = () => listItems(mountPoint.get())[0] as HTMLElement;
    await act(async () => byText<HTMLButtonElement>(first(), 'button', 'Archive').click());
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 3'));
    expect(await store.count({ archived: true })).toBe(1);
    expect(mountPoint.get().querySelector('.fav-undo')?.textContent).toContain(
      'Archived “Story 4”.',
    );
    // All five are still counted; a search looks through the archive too, and can unarchive.
    expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('5 saved');
    setValue(
      mountPoint.get().querySelector('input[type="search"]') as HTMLInputElement,
      'story 4',
      'input',
    );
    await waitFor(() => expect(titles(mountPoint.get())).toEqual(['Story 4']));
    expect(byText<HTMLButtonElement>(first(), 'button', 'Unarchive')).toBeTruthy();
    setValue(
      mountPoint.get().querySelector('input[type="search"]') as HTMLInputElement,
      '',
      'input',
    );
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 3'));
    await act(async () => byText<HTMLButtonElement>(mountPoint.get(), 'button', 'Undo').click());
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 4'));
    expect(await store.count({ archived: true })).toBe(0);
    const link = mountPoint.get().querySelector('.fav-footer a');
    expect(link?.textContent).toBe('See all favourites');
  });

  it('removes with Undo, and the undo notice goes away by itself', async () => {
    const store = await seededStore(5);
    await mount(store, 200);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 4'));
    await act(async () =>
      byText<HTMLButtonElement>(
        listItems(mountPoint.get())[0] as HTMLElement,
        'button',
        'Remove',
      ).click(),
    );
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 3'));
    expect(await store.count()).toBe(4);
    expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('4 saved');
    const undo = byText<HTMLButtonElement>(mountPoint.get(), 'button', 'Undo');
    expect(mountPoint.get().querySelector('[aria-live] .fav-undo')?.textContent).toContain(
      'Story 4',
    );
    await act(async () => undo.click());
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 4'));
    expect(await store.count()).toBe(5);

    await act(async () =>
      byText<HTMLButtonElement>(
        listItems(mountPoint.get())[1] as HTMLElement,
        'button',
        'Remove',
      ).click(),
    );
    await waitFor(() => expect(mountPoint.get().textContent).toContain('Undo'));
    await waitFor(() => expect(mountPoint.get().textContent).not.toContain('Undo'));
    expect(await store.count()).toBe(4);
  });

  it('is keyboard operable: arrows move, Delete removes, Enter opens', async () => {
    const store = await seededStore(5);
    await mount(store);
    await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 4'));
    const rows = listItems(mountPoint.get());
    expect(rows[0]?.tabIndex).toBe(0);
    expect(rows[1]?.tabIndex).toBe(-1);
    rows[0]?.focus();
    await act(async () => {
      rows[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-index')).toBe('1'));
    const clicked: string[] = [];
    const link = (document.activeElement as HTMLElement).querySelector(
      'a.fav-title',
    ) as HTMLAnchorElement;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      clicked.push(link.href);
    });
    await act(async () => {
      document.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
      );
    });
    expect(clicked).toEqual(['https://news.example.com/story/3']);
    await act(async () => {
      document.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }),
      );
    });
    await waitFor(() =>
      expect(titles(mountPoint.get())).toEqual(['Story 4', 'Story 2', 'Story 1', 'Story 0']),
    );
    expect(await store.count()).toBe(4);
  });

  it('says so when there are no favourites', async () => {
    await mount(freshStore());
    await waitFor(() => expect(mountPoint.get().textContent).toContain('No favourites yet.'));
    // The count comes from its own read, which may land a moment later.
    await waitFor(() =>
      expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('0 saved'),
    );
  });

  it('asks for the counts and sites only once the first rows are painted, and uses rows asked for ahead', async () => {
    const store = await seededStore(12);
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => {
      frames.push(cb);
      return frames.length;
    });
    const listSites = vi.spyOn(store, 'listSites');
    const listPage = vi.spyOn(store, 'listPage');
    const ahead = {
      items: store.listPage({ archived: false, offset: 0, limit: 50 }),
      total: store.count({ archived: false }),
    };
    listPage.mockClear();
    try {
      await act(async () => {
        render(
          <FavouritesList
            source={store}
            readerUrl={(id) => id}
            now={() => NOW}
            locale="en-US"
            firstPage={ahead}
          />,
          mountPoint.get(),
        );
      });
      await waitFor(() => expect(titles(mountPoint.get())[0]).toBe('Story 11'));
      expect(listPage).not.toHaveBeenCalled();
      await new Promise((done) => setTimeout(done, 50));
      // No frame yet: the rows are in the DOM, the sites and the count not even asked for.
      expect(listSites).not.toHaveBeenCalled();
      expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('');
      await act(async () => {
        for (const cb of frames.splice(0)) cb(performance.now());
      });
      await waitFor(() => expect(listSites).toHaveBeenCalled());
      await waitFor(() =>
        expect(mountPoint.get().querySelector('.fav-count')?.textContent).toBe('12 saved'),
      );
    } finally {
      raf.mockRestore();
    }
  });
});
