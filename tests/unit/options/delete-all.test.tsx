import { render } from 'preact';
import { act } from 'preact/test-utils';
import { DeleteAll } from '../../../components/options/DeleteAll';
import { article, freshStore } from '../favourites/helpers';
import { byText, useContainer, waitFor } from '../favourites/ui-helpers';

const box = useContainer();

async function seeded(n: number) {
  const store = freshStore();
  for (let i = 0; i < n; i++) {
    await store.saveArticle(
      article({ url: `https://news.example.com/story-${i}`, title: `S${i}` }),
    );
  }
  return store;
}

async function mount(store: ReturnType<typeof freshStore>, onDeleted = () => {}) {
  await act(async () => {
    render(<DeleteAll store={store} onDeleted={onDeleted} locale="en-US" />, box.get());
  });
}

const dialog = () => box.get().querySelector('dialog') as HTMLDialogElement;
async function press(text: string, root: ParentNode = box.get()) {
  await act(async () => {
    byText<HTMLButtonElement>(root, 'button', text).click();
  });
}

describe('DeleteAll', () => {
  it('asks with the count, and Cancel keeps everything', async () => {
    const store = await seeded(3);
    await mount(store);
    expect(dialog().open).toBe(false);
    await press('Delete all favourites…');
    await waitFor(() => expect(dialog().open).toBe(true));
    expect(dialog().textContent).toContain('Delete all 3 favourites? This cannot be undone.');
    expect(dialog().getAttribute('aria-labelledby')).toBeTruthy();
    await press('Cancel', dialog());
    expect(dialog().open).toBe(false);
    expect(await store.count()).toBe(3);
  });

  it('Delete removes every favourite and offline copy, then says so', async () => {
    const store = await seeded(2);
    const id = store.idFor('https://news.example.com/story-0') as string;
    expect(await store.getCopy(id)).not.toBeNull();
    const onDeleted = vi.fn();
    await mount(store, onDeleted);
    await press('Delete all favourites…');
    await waitFor(() => expect(dialog().textContent).toContain('Delete all 2 favourites?'));
    await press('Delete', dialog());
    await waitFor(() => expect(onDeleted).toHaveBeenCalledOnce());
    expect(await store.count()).toBe(0);
    expect(await store.getCopy(id)).toBeNull();
    expect(dialog().open).toBe(false);
    expect(box.get().querySelector('[role="status"]')?.textContent).toBe(
      'All favourites were deleted.',
    );
  });

  it('formats large counts for the locale and offers nothing to delete at zero', async () => {
    const big = { count: async () => 1234, write: vi.fn() };
    await act(async () => {
      render(<DeleteAll store={big as never} locale="en-US" />, box.get());
    });
    await press('Delete all favourites…');
    await waitFor(() => expect(dialog().textContent).toContain('Delete all 1,234 favourites?'));
    await press('Cancel', dialog());
    big.count = async () => 0;
    await press('Delete all favourites…');
    await waitFor(() => expect(dialog().textContent).toContain('no favourites to delete'));
    expect(byText<HTMLButtonElement>(dialog(), 'button', 'Delete').disabled).toBe(true);
    expect(big.write).not.toHaveBeenCalled();
  });
});
