/**
 * Pages where Broadsheet cannot run: the browser keeps extensions' scripts out of them, so the
 * popup says so at once rather than waiting for a report that will never come.
 */

/** Hosts of the browsers' extension stores, where no extension may run a script. */
const STORE_HOSTS: { host: string; path?: string }[] = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
];

/**
 * Whether Broadsheet can run on a tab showing `url`. The browser hands an extension a tab's
 * URL only where it has host access (here every http(s) page), so a tab without one (`about:`,
 * `chrome://`, `data:`, `view-source:`, `file:`, other extensions' pages) is one it cannot run on.
 */
export function canRunOn(url: string | undefined): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const host = u.hostname.toLowerCase();
  return !STORE_HOSTS.some(
    (s) =>
      host === s.host && (!s.path || u.pathname === s.path || u.pathname.startsWith(`${s.path}/`)),
  );
}
