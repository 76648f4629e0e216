import { render } from 'preact';
import { App } from '@/components/popup/App';
import '@/components/tokens.css';
import '@/components/popup/popup.css';
import '@/components/favourites/favourites.css';

document.documentElement.lang = navigator.language;
render(<App />, document.getElementById('app') as HTMLElement);
