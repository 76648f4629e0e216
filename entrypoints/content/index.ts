import 'virtual:platform-comments.css';
import { ownLifetime } from '@/utils/content/lifetime';
import { startPage } from '@/utils/content/start';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startPage(ownLifetime(ctx));
  },
});
