import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/tokens.css';
import '@/components/options/options.css';
import '@/components/favourites/favourites.css';

document.documentElement.lang = navigator.language;
render(<OptionsApp />, document.getElementById('app') as HTMLElement);
