import { ownLifetime } from '@/utils/content/lifetime';
import { startReader } from '@/utils/content/reader';

/** Injected on demand by the background (scripting.executeScript), never on every page. */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main(ctx) {
    startReader(ownLifetime(ctx));
  },
});
