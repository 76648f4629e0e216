import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import { t, uiLocale } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/options/options.css';
import '@/components/favourites/favourites.css';

document.documentElement.lang = uiLocale();
document.title = t('optionsTitle');
render(<OptionsApp />, document.getElementById('app') as HTMLElement);
