import { render } from 'preact';
import { act } from 'preact/test-utils';
import { OfflineReader } from '@/components/reader/OfflineReader';
import type { Article } from '@/utils/article/types';
import { DEFAULT_READER_SETTINGS } from '@/utils/reader-settings';

const article: Article = {
  url: 'https://n.example/a',
  title: 'Saved headline',
  contentHtml: '<p>Saved body.</p>',
  textContent: 'Saved body.',
  wordCount: 2,
  readingMinutes: 1,
};

async function show(id: string | null, load: (id: string) => Promise<Article | null>) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(
      <OfflineReader
        id={id}
        load={load}
        settings={DEFAULT_READER_SETTINGS}
        onSettingsChange={() => {}}
      />,
      root,
    );
  });
  await act(async () => {});
  await act(async () => {});
  return root;
}

describe('OfflineReader (reader.html)', () => {
  it('renders the saved article with the page title, no close button', async () => {
    const root = await show('abc', async (id) => (id === 'abc' ? article : null));
    expect(root.querySelector('h1')?.textContent).toBe('Saved headline');
    expect(document.title).toBe('Saved headline');
    expect(root.textContent).not.toContain('Close reader view');
    expect(root.querySelector('a[href="https://n.example/a"]')).not.toBeNull();
  });

  it('says so when the article is not found', async () => {
    const root = await show('missing', async () => null);
    expect(root.textContent).toContain('This saved article could not be found.');
    const none = await show(null, async () => article);
    expect(none.textContent).toContain('could not be found');
  });

  describe('a favourite saved as a link', () => {
    const link: Article = { ...article, contentHtml: '', textContent: '' };

    async function showLink(fetchNow: () => Promise<void>, fetched: { now: boolean }) {
      const root = document.createElement('div');
      document.body.append(root);
      await act(async () => {
        render(
          <OfflineReader
            id="abc"
            load={async () => (fetched.now ? article : link)}
            loadExtras={async () => ({ fetched: fetched.now, images: [] })}
            fetchNow={fetchNow}
            settings={DEFAULT_READER_SETTINGS}
            onSettingsChange={() => {}}
          />,
          root,
        );
      });
      for (let i = 0; i < 4; i++) await act(async () => {});
      return root;
    }

    it('fetches its article on opening, without a click, and shows it', async () => {
      const fetched = { now: false };
      const fetchNow = vi.fn(async () => {
        fetched.now = true;
      });
      const root = await showLink(fetchNow, fetched);
      expect(fetchNow).toHaveBeenCalledTimes(1);
      expect(root.querySelector('.bs-content')?.textContent).toContain('Saved body.');
    });

    it('says why when the fetch fails, and retries on "Fetch the article now"', async () => {
      const fetched = { now: false };
      const fetchNow = vi
        .fn<() => Promise<void>>()
        .mockRejectedValueOnce(new Error('HTTP 503'))
        .mockImplementation(async () => {
          fetched.now = true;
        });
      const root = await showLink(fetchNow, fetched);
      expect(fetchNow).toHaveBeenCalledTimes(1);
      expect(root.querySelector('[role="status"]')?.textContent).toBe(
        'The article could not be fetched: HTTP 503',
      );
      const button = [...root.querySelectorAll('button')].find(
        (b) => b.textContent === 'Fetch the article now',
      ) as HTMLButtonElement;
      expect(button.disabled).toBe(false);
      await act(async () => button.click());
      for (let i = 0; i < 4; i++) await act(async () => {});
      expect(fetchNow).toHaveBeenCalledTimes(2);
      expect(root.querySelector('.bs-content')?.textContent).toContain('Saved body.');
    });

    it('offline, waits instead of failing at once, and fetches when the connection is back', async () => {
      const spy = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
      const fetched = { now: false };
      const fetchNow = vi.fn(async () => {
        fetched.now = true;
      });
      let root: HTMLElement;
      try {
        root = await showLink(fetchNow, fetched);
        expect(fetchNow).not.toHaveBeenCalled();
        expect(root.querySelector('[role="status"]')?.textContent).toContain('saved as a link');
      } finally {
        spy.mockRestore();
      }
      await act(async () => {
        window.dispatchEvent(new Event('online'));
      });
      for (let i = 0; i < 4; i++) await act(async () => {});
      expect(fetchNow).toHaveBeenCalledTimes(1);
      expect(root.querySelector('.bs-content')?.textContent).toContain('Saved body.');
    });
  });
});
