import { useRef, useState } from 'preact/hooks';
import { countText } from '@/components/favourites/format';
import type { FavouritesStore } from '@/utils/favourites/store';
import { t, uiLocale } from '@/utils/i18n';
import { clearAllFavourites } from './clear';

export interface DeleteAllProps {
  store: Pick<FavouritesStore, 'count' | 'write'>;
  /** Called once everything is deleted, e.g. to refresh a count shown elsewhere. */
  onDeleted?: () => void;
  locale?: string;
}

type Status = { kind: 'deleted' } | { kind: 'failed'; message: string } | null;

/** "Delete all favourites…", confirmed in a modal dialog that names the count. */
export function DeleteAll({ store, onDeleted, locale = uiLocale() }: DeleteAllProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  async function open() {
    setStatus(null);
    const n = await store.count().catch(() => null);
    setCount(n);
    const el = dialog.current;
    if (!el) return;
    if (typeof el.showModal === 'function') el.showModal();
    else el.setAttribute('open', '');
    cancel.current?.focus();
  }

  function close() {
    const el = dialog.current;
    if (el?.open) {
      if (typeof el.close === 'function') el.close();
      else el.removeAttribute('open');
    }
    opener.current?.focus();
  }

  async function confirm() {
    setBusy(true);
    try {
      await clearAllFavourites(store);
      setStatus({ kind: 'deleted' });
      onDeleted?.();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStatus({ kind: 'failed', message: t('optionsDeleteFailed', [message]) });
    } finally {
      setBusy(false);
      close();
    }
  }

  const question =
    count === null
      ? ''
      : count === 0
        ? t('optionsDeleteNone')
        : countText(count, locale, 'optionsDeleteAskOne', 'optionsDeleteAskOther');

  return (
    <section aria-labelledby="delete-h">
      <h2 id="delete-h">{t('optionsDeleteHeading')}</h2>
      <p class="muted">{t('optionsDeleteHelp')}</p>
      <button ref={opener} type="button" class="danger" onClick={() => void open()}>
        {t('optionsDeleteAll')}
      </button>
      <div role="status" class="delete-status">
        {status?.kind === 'deleted' && <p>{t('optionsDeleted')}</p>}
        {status?.kind === 'failed' && <p class="error">{status.message}</p>}
      </div>
      <dialog
        ref={dialog}
        class="confirm"
        aria-labelledby="delete-dialog-h"
        aria-describedby="delete-dialog-q"
        onCancel={(e) => {
          e.preventDefault();
          if (!busy) close();
        }}
      >
        <h3 id="delete-dialog-h">{t('optionsDeleteDialogTitle')}</h3>
        <p id="delete-dialog-q">{question}</p>
        <div class="confirm-actions">
          <button ref={cancel} type="button" onClick={close} disabled={busy}>
            {t('optionsDeleteCancel')}
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => void confirm()}
            disabled={busy || count === 0}
          >
            {t('optionsDeleteConfirm')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
