import { render } from 'preact';
import { act } from 'preact/test-utils';
import { FetchLinkOnly, type LinkOnlySource } from '../../../components/options/FetchLinkOnly';
import { countLinkOnly, fetchAll, linkOnlyFavourites } from '../../../utils/favourites/fetch-all';
import type { Favourite } from '../../../utils/favourites/types';
import { article, freshStore } from './helpers';
import { useContainer, waitFor } from './ui-helpers';

const box = useContainer();

const fav = (i: number, url = `https://news.example.org/${i}`) =>
  ({ id: url, url, title: `Story ${i}` }) as Favourite;

describe('fetchAll (link-only favourites, on request)', () => {
  it('fetches every one, never more than `concurrency` at once, and says which failed and why', async () => {
    let inFlight = 0;
    let most = 0;
    const fetched: string[] = [];
    const list = Array.from({ length: 10 }, (_, i) => fav(i));
    const result = await fetchAll(
      list,
      async (id) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (id.endsWith('/4')) throw new Error('HTTP 404');
        fetched.push(id);
      },
      { concurrency: 3 },
    );
    expect(most).toBe(3);
    expect(fetched).toHaveLength(9);
    expect(result).toMatchObject({ total: 10, done: 9, running: false });
    expect(result.failed).toEqual([
      { id: 'https://news.example.org/4', title: 'Story 4', error: 'HTTP 404' },
    ]);
  });

  it('only web addresses are fetched; stopped, the ones not started are left alone', async () => {
    const asked: string[] = [];
    const r = await fetchAll([fav(1, 'javascript:alert(1)'), fav(2)], async (id) => {
      asked.push(id);
    });
    expect(asked).toEqual(['https://news.example.org/2']);
    expect(r.failed[0]?.id).toBe('javascript:alert(1)');

    const stop = new AbortController();
    const seen: string[] = [];
    await fetchAll(
      Array.from({ length: 6 }, (_, i) => fav(i)),
      async (id) => {
        seen.push(id);
        if (seen.length === 2) stop.abort();
      },
      { concurrency: 1, signal: stop.signal },
    );
    expect(seen).toHaveLength(2);
  });

  it('the queue is the database: link-only favourites with a web address, newest first', async () => {
    const store = freshStore();
    await store.saveArticle(article({ url: 'https://news.example.org/full', title: 'Full' }));
    await store.saveLink('https://news.example.org/old', 'Old', { now: 1_000 });
    await store.saveLink('https://news.example.org/new', 'New', { now: 2_000 });
    const { fetchable, other } = await linkOnlyFavourites(store);
    expect(fetchable.map((f) => f.title)).toEqual(['New', 'Old']);
    expect(other).toBe(0);
    expect(await countLinkOnly(store)).toBe(2);
    // Once its copy is saved, a favourite has left the queue (a second run skips it).
    await store.saveArticle(article({ url: 'https://news.example.org/new', title: 'New' }));
    expect((await linkOnlyFavourites(store)).fetchable.map((f) => f.title)).toEqual(['Old']);
    expect(await countLinkOnly(store)).toBe(1);
    // Counted from the keys alone: the favourites' records are not read.
    const db = await store.db();
    const getAll = vi.spyOn(Object.getPrototypeOf(db.transaction('favourites').store), 'getAll');
    expect(await countLinkOnly(store)).toBe(1);
    expect(getAll).not.toHaveBeenCalled();
    getAll.mockRestore();
  });

  it('a copy fetched later keeps what the link had: archived, tags, read state, progress', async () => {
    const store = freshStore();
    const link = await store.saveLink('https://news.example.org/kept', 'Kept', {
      tags: ['later'],
      read: true,
    });
    await store.setArchived([link.id], true);
    await store.setProgress(link.id, 0.4);
    await store.saveArticle(article({ url: 'https://news.example.org/kept', title: 'Kept' }));
    expect(await store.getFavourite(link.id)).toMatchObject({
      fetched: true,
      archived: 1,
      tags: ['later'],
      read: 1,
      progress: 0.4,
    });
  });
});

describe('FetchLinkOnly (options page)', () => {
  it('counts them, fetches on request, says progress and failures in words', async () => {
    let left = [fav(1), fav(2), fav(3)];
    const source: LinkOnlySource = {
      count: async () => left.length,
      list: async () => ({ fetchable: left, other: 0 }),
      fetchOne: async (id) => {
        if (id.endsWith('/2')) throw new Error('HTTP 500');
        left = left.filter((f) => f.id !== id);
      },
    };
    await act(async () => {
      render(<FetchLinkOnly source={source} />, box.get());
    });
    await waitFor(() => expect(box.get().textContent).toContain('3 favourites are links only'));
    const button = [...box.get().querySelectorAll('button')].find(
      (b) => b.textContent === 'Fetch their offline copies now',
    ) as HTMLButtonElement;
    await act(async () => {
      button.click();
    });
    await waitFor(() =>
      expect(box.get().querySelector('[role="status"]')?.textContent).toBe(
        'Done: 2 of 3 offline copies fetched, 1 failed. Nothing else was changed.',
      ),
    );
    const failed = box.get().querySelector('ul[aria-label]') as HTMLElement;
    expect(failed.getAttribute('aria-label')).toBe('Could not be fetched (still saved as links)');
    expect(failed.textContent).toBe('“Story 2”: HTTP 500');
    // What is left is counted again: the failed one, still a link.
    await waitFor(() => expect(box.get().textContent).toContain('1 favourite is a link only'));
  });
});
