import { ImportExport } from '@/components/favourites/ImportExport';
import { importExportSource } from '@/components/favourites/sources';
import { sanitizeHtml } from '@/utils/article/sanitize';
import { favouritesStore } from '@/utils/favourites/store';
import { t } from '@/utils/i18n';
import { CleanupSettings } from './CleanupSettings';
import { Shortcuts } from './Shortcuts';

export function OptionsApp() {
  return (
    <main class="options">
      <header class="brand">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>{t('extName')}</h1>
      </header>
      <p class="muted">{t('extDescription')}</p>
      <CleanupSettings />
      <Shortcuts />
      <ImportExport
        source={importExportSource(favouritesStore)}
        sanitize={(html) => sanitizeHtml(html, window)}
      />
    </main>
  );
}
