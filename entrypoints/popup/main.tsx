import { render } from 'preact';
import { App } from '@/components/popup/App';
import { localizeDocument } from '@/utils/i18n';
import '@/components/tokens.css';
import '@/components/popup/popup.css';
import '@/components/favourites/favourites.css';

localizeDocument();
render(<App />, document.getElementById('app') as HTMLElement);
