import { useEffect, useState } from 'preact/hooks';
import type { FavouritesStore } from '@/utils/favourites/store';
import { t, uiLocale } from '@/utils/i18n';

export interface StorageUsageProps {
  store: Pick<FavouritesStore, 'count' | 'imageUsage'>;
  /** The origin's usage in bytes (IndexedDB, image blobs included); the browser's estimate. */
  usage?: () => Promise<number | undefined>;
  locale?: string;
}

const browserUsage = async () => (await navigator.storage?.estimate?.())?.usage;

/** "1.2 MB", in the UI's locale. */
export function formatBytes(bytes: number, locale = uiLocale()): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const digits = i === 0 || n >= 100 ? 0 : 1;
  return `${n.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[i]}`;
}

/** The database's size, offline images counted in it and shown apart. */
export function StorageUsage({
  store,
  usage = browserUsage,
  locale = uiLocale(),
}: StorageUsageProps) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all([store.count(), store.imageUsage(), usage().catch(() => undefined)])
      .then(([count, images, used]) => {
        // The browser's figure covers everything the origin stores; never show less than the images.
        const total = Math.max(used ?? 0, images.bytes);
        if (!live) return;
        setText(
          t('optionsStorage', [
            count.toLocaleString(locale),
            formatBytes(total, locale),
            formatBytes(images.bytes, locale),
            images.count.toLocaleString(locale),
          ]),
        );
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [store, usage, locale]);
  return text ? (
    <p class="muted storage-usage" aria-live="polite">
      {text}
    </p>
  ) : null;
}
