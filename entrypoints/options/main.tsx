import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import { localizeDocument, t } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/options/options.css';
import '@/components/favourites/favourites.css';

localizeDocument();
document.title = t('optionsTitle');
render(<OptionsApp />, document.getElementById('app') as HTMLElement);
