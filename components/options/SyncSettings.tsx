import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { Reply } from '@/utils/messaging';
import { STATUS_KEY, type SyncStatus } from '@/utils/sync/engine';

/** What the switch talks to (the browser, or a stand-in in unit tests). */
export interface SyncClient {
  /** Asks for the bookmarks permission; must be called from the click itself (a user gesture). */
  request(): Promise<boolean>;
  set(on: boolean): Promise<SyncStatus>;
  decide(choice: 'remove' | 'restore'): Promise<SyncStatus>;
  status(): Promise<SyncStatus | null>;
  /** Calls `cb` whenever the background writes a new status. */
  watch(cb: (s: SyncStatus) => void): () => void;
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
};

type Local = 'asking' | 'refused' | 'switching' | null;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The options page's Sync section: the switch, what it syncs, and what it left alone. */
export function SyncSettings({ client = browserSyncClient }: { client?: SyncClient }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [local, setLocal] = useState<Local>(null);
  const [error, setError] = useState('');
  /** What the switch was just set to, shown until the background answers. */
  const [wanted, setWanted] = useState<boolean | null>(null);

  useEffect(() => {
    void client.status().then(setStatus);
    return client.watch(setStatus);
  }, [client]);

  async function toggle(on: boolean) {
    setError('');
    setWanted(on);
    if (on) {
      // The permission request comes first, inside the click: browsers refuse it otherwise.
      setLocal('asking');
      const granted = await client.request().catch(() => false);
      if (!granted) {
        setLocal('refused');
        setWanted(null);
        return;
      }
    }
    setLocal('switching');
    try {
      setStatus(await client.set(on));
    } catch (e) {
      setError(String((e as Error)?.message ?? e));
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

  const on = status?.on === true;
  const busy = local === 'asking' || local === 'switching';
  const fmt = (n: number) => n.toLocaleString();
  let line: string;
  if (local === 'asking') line = t('syncAsking');
  else if (local === 'refused') line = t('syncRefused');
  else if (local === 'switching' && !on) line = t('syncMerging');
  else if (!status?.on) line = status?.offAt ? t('syncOffLeft') : t('syncOff');
  else if (status.phase === 'merging') line = t('syncMerging');
  else if (status.phase === 'no-permission') line = t('syncNoPermission');
  else if (status.phase === 'error') line = t('syncError', [status.error ?? '']);
  else line = t('syncOn', [fmt(status.mirrored)]);

  const ignored = on ? (status?.ignored ?? []) : [];
  const counted = on
    ? Object.entries(status?.ignoredCounts ?? {})
        .filter(([reason]) => reason !== 'too-many')
        .reduce((n, [, c]) => n + c, 0)
    : 0;
  const listed = ignored.filter((i) => i.reason !== 'too-many').length;

  return (
    <section aria-labelledby="sync-h">
      <h2 id="sync-h">{t('syncHeading')}</h2>
      <label class="switch">
        <input
          type="checkbox"
          checked={wanted ?? on}
          disabled={busy || status?.phase === 'ask'}
          onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)}
        />
        {t('syncSwitch')}
      </label>
      <p class="muted">{t('syncHelp')}</p>
      <p class="muted">{t('syncWhat')}</p>
      <p role="status" class="sync-status">
        {line}
        {error && <span class="error"> {t('syncError', [error])}</span>}
      </p>
      {on && status?.phase === 'ask' && status.ask && (
        <div role="alert" class="sync-ask">
          <p>
            {status.ask.folderGone
              ? t('syncFolderGone', [fmt(status.ask.removals)])
              : t('syncManyGone', [fmt(status.ask.removals)])}
          </p>
          <button type="button" onClick={() => void decide('restore')}>
            {t('syncKeep')}
          </button>{' '}
          <button type="button" class="danger" onClick={() => void decide('remove')}>
            {t('syncRemoveToo')}
          </button>
        </div>
      )}
      {on && status?.meta && (
        <p class="muted">
          {t('syncStorage', [
            kb(status.meta.bytes),
            fmt(status.meta.items),
            fmt(status.meta.entries),
          ])}
        </p>
      )}
      {ignored.length > 0 && (
        <>
          <h3 id="sync-ignored-h">{t('syncIgnoredHeading')}</h3>
          <ul aria-labelledby="sync-ignored-h" class="sync-ignored">
            {ignored.map((i, n) => (
              <li key={`${i.reason}-${n}`}>
                {i.reason === 'scheme'
                  ? t('syncIgnoredScheme', [
                      i.title || i.url || '',
                      `${(i.url ?? '').split(':')[0]}:`,
                    ])
                  : i.reason === 'folder'
                    ? t('syncIgnoredFolder', [i.title, fmt(i.count ?? 0)])
                    : t('syncIgnoredTooMany', [fmt(i.count ?? 0)])}
              </li>
            ))}
            {counted > listed && <li>{t('syncIgnoredMore', [fmt(counted - listed)])}</li>}
          </ul>
        </>
      )}
    </section>
  );
}
