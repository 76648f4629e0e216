import { urlSignals } from '../article/detect-signals';
import type { PageHello } from '../ui-strings';

/**
 * What a content script's address says (`urlSignals`), for its detection: worked out here,
 * where the code is warm, rather than compiled again in every page's fresh isolated world.
 * Nothing for an address that is not http(s) or does not parse.
 */
export function addressOf(url: string | undefined): Pick<PageHello, 'address'> {
  if (!url || !/^https?:/.test(url)) return {};
  try {
    return { address: { url, signals: urlSignals(new URL(url)) } };
  } catch {
    return {};
  }
}
