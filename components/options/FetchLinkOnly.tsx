/**
 * The options page's "all at once, on request": every favourite that is only a link gets its
 * offline copy, through the reader's own "Fetch the article now" path (utils/favourites/
 * fetch-all.ts). Progress and failures are said in words; stopping (or closing the page)
 * keeps everything fetched so far, and the button takes up what is left.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { countText } from '@/components/favourites/format';
import { type FetchAllProgress, fetchAll } from '@/utils/favourites/fetch-all';
import type { Favourite } from '@/utils/favourites/types';
import { t, uiLocale } from '@/utils/i18n';
import type { SyncStatus } from '@/utils/sync/engine';

export interface LinkOnlySource {
  /** How many there are (cheap: asked again after merges). */
  count(): Promise<number>;
  /** The favourites themselves (read when a run starts). */
  list(): Promise<{ fetchable: Favourite[]; other: number }>;
  fetchOne(id: string): Promise<void>;
}

/**
 * Whether a new sync status can mean other link-only favourites: a merge not seen before that
 * was full, or added or removed favourites. The status is also written after every
 * storage.sync write and every merge that only renamed or moved: those change no count.
 */
export function linkOnlyMayHaveChanged(): (status: SyncStatus) => boolean {
  let seen: number | undefined;
  return (status) => {
    const m = status.lastMerge;
    if (!m || m.at === seen) return false;
    seen = m.at;
    return m.full || m.favouritesAdded > 0 || m.removed > 0;
  };
}

/**
 * Its own section, right after Sync (a second status line inside Sync would make its own
 * ambiguous). `watch`: called back when the favourites may have changed (a merge), so that
 * they are counted again when no run is going on.
 */
export function FetchLinkOnly({
  source,
  watch,
}: {
  source: LinkOnlySource;
  watch?: (cb: () => void) => () => void;
}) {
  const [version, setVersion] = useState(0);
  const [count, setCount] = useState<number | null>(null);
  const [progress, setProgress] = useState<FetchAllProgress | null>(null);
  const stop = useRef<AbortController | null>(null);

  async function recount() {
    setCount(await source.count().catch(() => 0));
  }

  useEffect(() => () => stop.current?.abort(), []);
  useEffect(() => watch?.(() => setVersion((v) => v + 1)), [watch]);
  useEffect(() => {
    if (!stop.current) void recount();
  }, [source, version]);

  async function run() {
    const list = (await source.list().catch(() => ({ fetchable: [] }))).fetchable;
    setCount(list.length);
    if (!list.length) return;
    const controller = new AbortController();
    stop.current = controller;
    await fetchAll(list, (id) => source.fetchOne(id), {
      onProgress: setProgress,
      signal: controller.signal,
    });
    stop.current = null;
    await recount();
  }

  const running = progress?.running === true;
  if (count === null || (count === 0 && !progress)) return null;
  const fmt = (n: number) => n.toLocaleString();
  let line = '';
  if (progress) {
    const args = [fmt(progress.done), fmt(progress.total), fmt(progress.failed.length)];
    line = running ? t('fetchAllRunning', args) : t('fetchAllDone', args);
  }
  return (
    <section class="fetch-all" aria-labelledby="fetch-all-h">
      <h2 id="fetch-all-h">{t('fetchAllHeading')}</h2>
      <p>
        {count > 0
          ? countText(count, uiLocale(), 'fetchAllCountOne', 'fetchAllCount')
          : t('fetchAllNone')}
      </p>
      {count > 0 && !running && (
        <button type="button" onClick={() => void run()}>
          {t('fetchAllButton')}
        </button>
      )}
      {running && (
        <button type="button" onClick={() => stop.current?.abort()}>
          {t('fetchAllStop')}
        </button>
      )}
      <p role="status" class="fetch-all-status">
        {line}
      </p>
      {progress && progress.failed.length > 0 && (
        <ul aria-label={t('fetchAllFailedLabel')} class="fetch-all-failed">
          {progress.failed.map((f) => (
            <li key={f.id}>{t('fetchAllFailedOne', [f.title, f.error])}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
