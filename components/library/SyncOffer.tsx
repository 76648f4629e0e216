/**
 * The library's one-time offer to turn the bookmarks mirror on. Its button takes the options
 * page switch's own path (useSyncSwitch: the permission asked inside the click, then the
 * background). Shown until it is accepted or dismissed, never when the mirror is already on.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { type OfferAnswer, type SyncClient, useSyncSwitch } from '../sync/switch';

export function SyncOffer({ client }: { client: SyncClient }) {
  const { status, loaded, local, error, toggle } = useSyncSwitch(client);
  /** undefined: not read yet. */
  const [answer, setAnswer] = useState<OfferAnswer | null | undefined>(undefined);
  const [justOn, setJustOn] = useState(false);

  useEffect(() => {
    const read = client.offerAnswer?.() ?? Promise.resolve('dismissed' as const);
    void read.then(setAnswer, () => setAnswer('dismissed'));
  }, [client]);

  async function answerWith(a: OfferAnswer) {
    setAnswer(a);
    await client.setOfferAnswer?.(a).catch(() => undefined);
  }

  async function accept() {
    if (await toggle(true)) {
      setJustOn(true);
      await answerWith('accepted');
    }
  }

  if (justOn && status?.on) {
    return (
      <p role="status" class="lib-sync-done">
        {t('syncOn', [status.mirrored.toLocaleString()])}
      </p>
    );
  }
  if (!loaded || answer !== null || status?.on) return null;
  const busy = local === 'asking' || local === 'switching';
  return (
    <section class="lib-sync-offer" aria-labelledby="lib-sync-offer-h">
      <p id="lib-sync-offer-h">{t('syncOfferText')}</p>
      <button type="button" disabled={busy} onClick={() => void accept()}>
        {t('syncOfferAccept')}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void answerWith('dismissed')}>
        {t('syncOfferDismiss')}
      </button>
      <p role="status" class="lib-sync-line">
        {local === 'asking'
          ? t('syncAsking')
          : local === 'switching'
            ? t('syncMerging')
            : local === 'refused'
              ? t('syncRefused')
              : ''}
        {error && t('syncError', [error])}
      </p>
    </section>
  );
}
