import { installDeep } from '@/utils/content/deep-impl';

/**
 * The always-on script's second part (utils/content/deep.ts): injected by the background into
 * the page's isolated world when the always-on script asks for it, never listed in the manifest.
 */
export default defineUnlistedScript(() => {
  installDeep();
});
