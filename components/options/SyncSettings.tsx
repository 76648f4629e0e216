import { t } from '@/utils/i18n';
import { browserSyncClient, type SyncClient, useSyncSwitch } from '../sync/switch';

export { browserSyncClient, type SyncClient } from '../sync/switch';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The options page's Sync section: the switch, what it syncs, and what it left alone. */
export function SyncSettings({ client = browserSyncClient }: { client?: SyncClient }) {
  const { status, local, error, wanted, toggle, decide } = useSyncSwitch(client);

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
