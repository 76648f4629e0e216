import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ownLifetime } from '@/utils/content/lifetime';
import { startReader } from '@/utils/content/reader';

/**
 * The reader view's script: not a content script of the manifest, never on every page. The
 * background injects it (scripting.executeScript) when the reader is asked for or a save needs
 * the article.
 */
export default defineUnlistedScript(() => {
  const ctx = new ContentScriptContext('reader-view', { noScriptStartedPostMessage: true });
  startReader(ownLifetime(ctx));
});
