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
});
