import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SyncOffer } from '../../../components/library/SyncOffer';
import type { OfferAnswer, SyncClient } from '../../../components/sync/switch';
import type { SyncStatus } from '../../../utils/sync/engine';
import { useContainer, waitFor } from '../favourites/ui-helpers';

const box = useContainer();

const status = (on: boolean): SyncStatus => ({
  on,
  phase: on ? 'idle' : 'off',
  mirrored: on ? 7 : 0,
  favourites: 7,
  ignored: [],
  ignoredCounts: {},
});

function client(opts: { granted?: boolean; answer?: OfferAnswer | null; on?: boolean } = {}) {
  const calls: string[] = [];
  let answer = opts.answer ?? null;
  const c: SyncClient = {
    request: async () => {
      calls.push('request');
      return opts.granted ?? true;
    },
    set: async (on) => {
      calls.push(`set ${on}`);
      return status(on);
    },
    decide: async () => status(true),
    status: async () => (opts.on === undefined ? null : status(opts.on)),
    watch: () => () => {},
    offerAnswer: async () => answer,
    setOfferAnswer: async (a) => {
      calls.push(`answer ${a}`);
      answer = a;
    },
  };
  return { c, calls, answer: () => answer };
}

async function mount(c: SyncClient) {
  await act(async () => {
    render(<SyncOffer client={c} />, box.get());
  });
  // The status and the stored answer are read after the first render.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const region = () => box.get().querySelector('section[aria-labelledby]') as HTMLElement | null;
const button = (name: string) =>
  [...box.get().querySelectorAll('button')].find((b) => b.textContent === name) as
    | HTMLButtonElement
    | undefined;

async function press(name: string) {
  await act(async () => {
    button(name)?.click();
  });
}

describe('SyncOffer (library)', () => {
  it('offers once: "Turn on" asks for the permission, then switches on, and is remembered', async () => {
    const { c, calls, answer } = client();
    await mount(c);
    const labelled = region();
    expect(labelled).not.toBeNull();
    const label = document.getElementById(labelled?.getAttribute('aria-labelledby') ?? '');
    expect(label?.textContent).toBe(
      "Keep favourites in my browser's bookmarks, so they follow you to your other devices.",
    );
    await press('Turn on');
    await waitFor(() => expect(answer()).toBe('accepted'));
    expect(calls).toEqual(['request', 'set true', 'answer accepted']);
    expect(region()).toBeNull();
    expect(box.get().querySelector('[role="status"]')?.textContent).toContain('On: 7 favourites');
  });

  it('permission refused: says so, stays offered, nothing remembered', async () => {
    const { c, calls, answer } = client({ granted: false });
    await mount(c);
    await press('Turn on');
    await waitFor(() =>
      expect(region()?.querySelector('[role="status"]')?.textContent).toContain(
        'did not give access',
      ),
    );
    expect(calls).toEqual(['request']);
    expect(answer()).toBeNull();
    expect(button('Turn on')).toBeDefined();
  });

  it('dismissed: gone, remembered, and the switch was never touched', async () => {
    const { c, calls, answer } = client();
    await mount(c);
    await press('No, thanks');
    expect(region()).toBeNull();
    expect(answer()).toBe('dismissed');
    expect(calls).toEqual(['answer dismissed']);
  });

  it('never shown after an answer, nor when the mirror is already on', async () => {
    for (const opts of [
      { answer: 'dismissed' as const },
      { answer: 'accepted' as const },
      { on: true },
    ]) {
      const { c } = client(opts);
      await mount(c);
      expect(region()).toBeNull();
      expect(box.get().textContent).toBe('');
      await act(async () => render(null, box.get()));
    }
  });
});
