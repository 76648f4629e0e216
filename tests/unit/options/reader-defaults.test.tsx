import { render } from 'preact';
import { act } from 'preact/test-utils';
import { browser } from 'wxt/browser';
import { ReaderDefaults } from '../../../components/options/ReaderDefaults';
import { READER_SETTINGS_KEY, type ReaderSettings } from '../../../utils/reader-settings';
import { setValue, useContainer, waitFor } from '../favourites/ui-helpers';

const box = useContainer();

const stored = async () =>
  (await browser.storage.sync.get(READER_SETTINGS_KEY))[READER_SETTINGS_KEY] as
    | Partial<ReaderSettings>
    | undefined;
const byLabel = <T extends HTMLElement>(text: string): T => {
  const label = [...box.get().querySelectorAll('label')].find((l) => l.textContent === text);
  const id = label?.getAttribute('for');
  const el = (id ? box.get().querySelector(`#${id}`) : label?.querySelector('input')) as T | null;
  if (!el) throw new Error(`no control labelled ${text}`);
  return el;
};

async function mount() {
  await act(async () => {
    render(<ReaderDefaults locale="en-US" />, box.get());
  });
}

describe('ReaderDefaults', () => {
  it('shows what is stored and writes changes to the reader settings in storage.sync', async () => {
    await browser.storage.sync.set({
      [READER_SETTINGS_KEY]: { theme: 'sepia', font: 'monospace', size: 24, rate: 1.5 },
    });
    await mount();
    await waitFor(() => expect(byLabel<HTMLInputElement>('Sepia').checked).toBe(true));
    expect(byLabel<HTMLSelectElement>('Font').value).toBe('monospace');
    expect(byLabel<HTMLInputElement>('Text size').value).toBe('24');
    expect(byLabel<HTMLSelectElement>('Speed').value).toBe('1.5');

    await act(async () => {
      byLabel<HTMLInputElement>('Dark').click();
    });
    await expect.poll(async () => (await stored())?.theme).toBe('dark');
    await act(async () => setValue(byLabel<HTMLInputElement>('Line width'), '80', 'change'));
    await act(async () => setValue(byLabel<HTMLSelectElement>('Speed'), '0.75', 'change'));
    await expect
      .poll(stored)
      .toMatchObject({ theme: 'dark', font: 'monospace', width: 80, rate: 0.75 });
  });

  it('follows changes made elsewhere (an open reader) and groups the fieldsets', async () => {
    await mount();
    await act(async () => {
      await browser.storage.sync.set({ [READER_SETTINGS_KEY]: { theme: 'light', size: 30 } });
    });
    await waitFor(() => expect(byLabel<HTMLInputElement>('Light').checked).toBe(true));
    expect(byLabel<HTMLInputElement>('Text size').getAttribute('aria-valuetext')).toBe('30 px');
    const legends = [...box.get().querySelectorAll('legend')].map((l) => l.textContent);
    expect(legends).toEqual(['Appearance', 'Theme', 'Reading aloud']);
    const voice = byLabel<HTMLSelectElement>('Voice');
    expect(voice.options[0]?.textContent).toBe("Default for the article's language");
  });
});
