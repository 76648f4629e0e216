/**
 * The sync switch's one path, shared by the options page's Sync section and the library's
 * one-time offer: ask for the `bookmarks` permission inside the click, then tell the
 * background to turn the mirror on (or off).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Reply } from '@/utils/messaging';
import { STATUS_KEY, type SyncStatus } from '@/utils/sync/engine';

/** Where the library remembers that its offer was answered ('accepted' or 'dismissed'). */
export const OFFER_KEY = 'bs:sync-offer';
export type OfferAnswer = 'accepted' | 'dismissed';

/** What the switch talks to (the browser, or a stand-in in unit tests). */
export interface SyncClient {
  /** Asks for the bookmarks permission; must be called from the click itself (a user gesture). */
  request(): Promise<boolean>;
  set(on: boolean): Promise<SyncStatus>;
  decide(choice: 'remove' | 'restore'): Promise<SyncStatus>;
  status(): Promise<SyncStatus | null>;
  /** Calls `cb` whenever the background writes a new status. */
  watch(cb: (s: SyncStatus) => void): () => void;
  /** The library's offer: answered already? (null: never shown or never answered) */
  offerAnswer?(): Promise<OfferAnswer | null>;
  setOfferAnswer?(answer: OfferAnswer): Promise<void>;
}

async function ask<T>(message: unknown): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply?.ok) throw new Error(reply && !reply.ok ? reply.error : 'no answer');
  return reply.value;
}

export const browserSyncClient: SyncClient = {
  request: () => browser.permissions.request({ permissions: ['bookmarks'] }),
  set: (on) => ask({ type: 'sync:set', on }),
  decide: (choice) => ask({ type: 'sync:decide', choice }),
  async status() {
    return ((await browser.storage.local.get(STATUS_KEY))[STATUS_KEY] as SyncStatus) ?? null;
  },
  watch(cb) {
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const next = changes[STATUS_KEY]?.newValue as SyncStatus | undefined;
      if (area === 'local' && next) cb(next);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  },
  async offerAnswer() {
    const v = (await browser.storage.local.get(OFFER_KEY))[OFFER_KEY];
    return v === 'accepted' || v === 'dismissed' ? v : null;
  },
  async setOfferAnswer(answer) {
    await browser.storage.local.set({ [OFFER_KEY]: answer });
  },
};

export type SwitchLocal = 'asking' | 'refused' | 'switching' | null;

/** The switch's state and its two actions; `toggle(true)` must run inside the click. */
export function useSyncSwitch(client: SyncClient) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [local, setLocal] = useState<SwitchLocal>(null);
  const [error, setError] = useState('');
  /** What the switch was just set to, shown until the background answers. */
  const [wanted, setWanted] = useState<boolean | null>(null);

  useEffect(() => {
    void client
      .status()
      .then(setStatus)
      .catch(() => null)
      .finally(() => setLoaded(true));
    return client.watch(setStatus);
  }, [client]);

  /** Resolves to whether the switch now is where it was asked to be. */
  async function toggle(on: boolean): Promise<boolean> {
    setError('');
    setWanted(on);
    if (on) {
      // The permission request comes first, inside the click: browsers refuse it otherwise.
      setLocal('asking');
      const granted = await client.request().catch(() => false);
      if (!granted) {
        setLocal('refused');
        setWanted(null);
        return false;
      }
    }
    setLocal('switching');
    try {
      setStatus(await client.set(on));
      return true;
    } catch (e) {
      setError(String((e as Error)?.message ?? e));
      return false;
    } finally {
      setLocal(null);
      setWanted(null);
    }
  }

  async function decide(choice: 'remove' | 'restore') {
    try {
      setStatus(await client.decide(choice));
    } catch (e) {
      setError(String((e as Error)?.message ?? e));
    }
  }

  return { status, loaded, local, error, wanted, toggle, decide };
}
