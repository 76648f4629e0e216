// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { type ReaderTags, Toolbar } from '@/components/reader/Toolbar';
import { DEFAULT_READER_SETTINGS } from '@/utils/reader-settings';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(saved: boolean, tags: ReaderTags) {
  act(() => {
    render(
      <Toolbar
        settings={{ ...DEFAULT_READER_SETTINGS }}
        onChange={() => {}}
        text="x"
        onSave={() => {}}
        saved={saved}
        tags={tags}
      />,
      root,
    );
  });
}

const tagsButton = () =>
  [...root.querySelectorAll('button')].find((b) => b.title === 'readerTags' || b.title === 'Tags');
const flush = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe("the reader's Save control: tags", () => {
  it('has no Tags control until the article is saved', () => {
    const tags = { load: vi.fn(), save: vi.fn() };
    show(false, tags);
    expect(tagsButton()).toBeUndefined();
    expect(tags.load).not.toHaveBeenCalled();
  });

  it('opens on its tags, suggests those in use, keeps them on Enter, closes on Escape', async () => {
    const tags: ReaderTags = {
      load: vi.fn(async () => ({ tags: ['climate'], known: ['climate', 'transport', 'travel'] })),
      save: vi.fn(async (next: string[]) => next),
    };
    show(true, tags);
    const button = tagsButton() as HTMLButtonElement;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    act(() => button.click());
    await flush();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const input = root.querySelector<HTMLInputElement>('input.bs-tags-input') as HTMLInputElement;
    expect(input.value).toBe('climate');
    expect(root.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    act(() => {
      input.value = 'climate, tr';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await flush();
    const options = [...root.querySelectorAll(`datalist#${input.getAttribute('list')} option`)];
    expect(options.map((o) => o.getAttribute('value'))).toEqual([
      'climate, transport',
      'climate, travel',
    ]);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await flush();
    expect(tags.save).toHaveBeenCalledWith(['climate', 'tr']);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });
});
