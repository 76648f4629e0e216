import { extensionLifetime } from '@/utils/content/lifetime';
import { startPage } from '@/utils/content/start';

/**
 * The always-on content script. An unlisted script (a plain bundle, without WXT's content-script
 * context) that wxt.config.ts lists in the manifest's `content_scripts` itself: http(s) pages,
 * top frame, from `document_start`, with the comment-platform stylesheet next to it.
 */
export default defineUnlistedScript(() => {
  startPage(extensionLifetime());
});
