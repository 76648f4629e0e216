import { render } from 'preact';
import { act } from 'preact/test-utils';
import { type SyncClient, SyncSettings } from '../../../components/options/SyncSettings';
import type { SyncStatus } from '../../../utils/sync/engine';
import { byText, useContainer, waitFor } from '../favourites/ui-helpers';

const box = useContainer();

const idle = (patch: Partial<SyncStatus> = {}): SyncStatus => ({
  on: true,
  phase: 'idle',
  mirrored: 12,
  favourites: 12,
  ignored: [],
  ignoredCounts: {},
  ...patch,
});

function client(over: Partial<SyncClient> = {}) {
  const calls: string[] = [];
  let watcher: (s: SyncStatus) => void = () => {};
  const c: SyncClient = {
    request: async () => {
      calls.push('request');
      return true;
    },
    set: async (on) => {
      calls.push(`set ${on}`);
      return on ? idle() : idle({ on: false, phase: 'off', offAt: 1 });
    },
    decide: async (choice) => {
      calls.push(`decide ${choice}`);
      return idle();
    },
    status: async () => null,
    watch: (cb) => {
      watcher = cb;
      return () => {};
    },
    ...over,
  };
  return { c, calls, push: (s: SyncStatus) => act(() => watcher(s)) };
}

async function mount(c: SyncClient) {
  await act(async () => {
    render(<SyncSettings client={c} />, box.get());
  });
}

const checkbox = () => box.get().querySelector('input[type="checkbox"]') as HTMLInputElement;
const statusText = () => box.get().querySelector('[role="status"]')?.textContent ?? '';

async function click() {
  await act(async () => {
    checkbox().click();
  });
}

describe('SyncSettings', () => {
  it('asks for the permission first, and stays off when it is refused', async () => {
    const { c, calls } = client({
      request: async () => {
        calls.push('request');
        return false;
      },
    });
    await mount(c);
    expect(statusText()).toBe('Off.');
    await click();
    await waitFor(() => expect(statusText()).toContain('did not give access'));
    expect(calls).toEqual(['request']);
    expect(checkbox().checked).toBe(false);
  });

  it('on: says how many are mirrored and what is synced; off: says both sides were left alone', async () => {
    const { c, calls } = client();
    await mount(c);
    await click();
    await waitFor(() =>
      expect(statusText()).toBe(
        'On: 12 favourites are mirrored in the bookmark folder “Broadsheet”.',
      ),
    );
    expect(calls).toEqual(['request', 'set true']);
    expect(box.get().textContent).toContain('Not synced: offline copies');
    await click();
    await waitFor(() => expect(statusText()).toContain('were both left as they are'));
    expect(calls).toEqual(['request', 'set true', 'set false']);
  });

  it('a deleted folder: the question, its two answers, and the bookmarks left alone', async () => {
    const { c, calls, push } = client({ status: async () => idle() });
    await mount(c);
    await push(
      idle({
        phase: 'ask',
        ask: { removals: 40, folderGone: true },
        ignored: [
          { reason: 'scheme', title: 'A script', url: 'javascript:void(0)' },
          { reason: 'folder', title: 'Recipes', count: 3 },
        ],
        ignoredCounts: { scheme: 1, folder: 1 },
      }),
    );
    const alert = box.get().querySelector('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain(
      'Your 40 favourites were kept. Remove them from Broadsheet too?',
    );
    expect(checkbox().disabled).toBe(true);
    const items = [...box.get().querySelectorAll('.sync-ignored li')].map((li) => li.textContent);
    expect(items).toEqual([
      '“A script”: not a web page address (javascript:)',
      'Folder “Recipes” (3 bookmarks): not made by Broadsheet',
    ]);
    await act(async () => {
      byText<HTMLButtonElement>(alert, 'button', 'Keep them and put their bookmarks back').click();
    });
    await waitFor(() => expect(calls).toEqual(['decide restore']));
  });
});
