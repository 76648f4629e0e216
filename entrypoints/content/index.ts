import 'virtual:platform-comments.css';
import { startPage } from '@/utils/content/start';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  main(ctx) {
    startPage(ctx);
  },
});
