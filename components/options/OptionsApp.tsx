import { t } from '@/utils/i18n';

export function OptionsApp() {
  return (
    <main class="options">
      <header class="brand">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>{t('extName')}</h1>
      </header>
      <p>{t('extDescription')}</p>
    </main>
  );
}
