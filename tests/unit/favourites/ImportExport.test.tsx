import { readFileSync } from 'node:fs';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ImportExport } from '../../../components/favourites/ImportExport';
import { importExportSource } from '../../../components/favourites/sources';
import { article, freshStore } from './helpers';
import { byText, useContainer, waitFor } from './ui-helpers';

const sanitize = (html: string) => html.replace(/<script[\s\S]*?<\/script>/gi, '');

const box = useContainer();

async function mount(store = freshStore()) {
  await act(async () => {
    render(
      <ImportExport source={importExportSource(store)} sanitize={sanitize} locale="en-US" />,
      box.get(),
    );
  });
  return store;
}

function fileInput(): HTMLInputElement {
  const label = byText<HTMLLabelElement>(box.get(), 'label', 'Import');
  return label.querySelector('input[type="file"]') as HTMLInputElement;
}

async function choose(file: File) {
  const input = fileInput();
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('ImportExport', () => {
  it('imports a Pocket CSV and says what was imported and rejected', async () => {
    const store = await mount();
    await waitFor(() => expect(box.get().textContent).toContain('0 saved'));
    const csv = readFileSync('tests/fixtures/import/pocket-hostile.csv', 'utf8');
    await choose(new File([csv], 'pocket.csv', { type: 'text/csv' }));
    await waitFor(() => expect(box.get().textContent).toContain('Import done: 3 new, 0 updated'));
    expect(box.get().textContent).toContain('4 entries were rejected');
    expect(box.get().textContent).toMatch(/Row 3: not an http\(s\) URL \(javascript:/);
    expect(box.get().textContent).toContain('Row 5: missing URL');
    await waitFor(() => expect(box.get().querySelector('.fav-count')?.textContent).toBe('3 saved'));
    expect(await store.count()).toBe(3);
  });

  it('refuses a file over the size limit with a clear message, before reading it', async () => {
    const store = await mount();
    const big = new File(['title,url\n'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 50 * 1024 * 1024 });
    await choose(big);
    await waitFor(() => expect(box.get().textContent).toContain('The file is too large (50 MB)'));
    expect(await store.count()).toBe(0);
  });

  it('refuses truncated JSON and imports nothing', async () => {
    const store = await mount();
    const text = readFileSync('tests/fixtures/import/truncated.json', 'utf8');
    await choose(new File([text], 'export.json'));
    await waitFor(() => expect(box.get().textContent).toContain('not complete JSON'));
    expect(await store.count()).toBe(0);
  });

  it('exports every favourite as a JSON download', async () => {
    const store = freshStore();
    await store.saveArticle(article({ title: 'Exported "one"' }));
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download);
    });
    try {
      await mount(store);
      await act(async () => byText<HTMLButtonElement>(box.get(), 'button', 'Export').click());
      await waitFor(() => expect(blobs).toHaveLength(1));
      const data = JSON.parse(await (blobs[0] as Blob).text());
      expect(data.format).toBe('broadsheet-favourites');
      expect(data.favourites[0].title).toBe('Exported "one"');
      expect(data.favourites[0].offline.text).toContain('council');
      expect(clicks[0]).toMatch(/^broadsheet-favourites-\d{4}-\d\d-\d\d\.json$/);
    } finally {
      create.mockRestore();
      click.mockRestore();
    }
  });
});
