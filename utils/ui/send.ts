/** Extension pages talk to the background through this one function. */
import { browser } from 'wxt/browser';
import type { Reply, ToBackground } from '../messaging';

export async function send<T>(message: ToBackground): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error('no answer from the background');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** The tab a popup acts on: `?tab=ID` when given, else the active tab of its window. */
export async function targetTabId(search = location.search): Promise<number | null> {
  const fromQuery = new URLSearchParams(search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
