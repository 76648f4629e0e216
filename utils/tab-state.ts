/**
 * Per-tab state kept by the background in `storage.session`: it outlives a service worker that
 * the browser stops, and dies with the browser session, as tab ids do.
 */
import { browser } from 'wxt/browser';
import type { TabState } from './messaging';

const key = (tabId: number) => `tab:${tabId}`;

export async function getTabState(tabId: number): Promise<TabState | null> {
  const stored = await browser.storage.session.get(key(tabId));
  return (stored[key(tabId)] as TabState | undefined) ?? null;
}

export async function setTabState(tabId: number, state: TabState): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: state });
}

export async function patchTabState(
  tabId: number,
  patch: Partial<TabState>,
): Promise<TabState | null> {
  const current = await getTabState(tabId);
  if (!current) return null;
  const next = { ...current, ...patch, updatedAt: Date.now() };
  await setTabState(tabId, next);
  return next;
}

export async function clearTabState(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
