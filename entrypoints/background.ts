import { browser } from 'wxt/browser';
import { sendToReader } from '@/utils/background/reader';
import { t } from '@/utils/i18n';
import { parseMessage, type Reply, type TabState, type ToBackground } from '@/utils/messaging';
import { clearTabState, getTabState, patchTabState, setTabState } from '@/utils/tab-state';
import { renderToolbar } from '@/utils/toolbar';

type Sender = { id?: string; tab?: { id?: number } };

async function handle(msg: ToBackground, sender: Sender): Promise<unknown> {
  const senderTab = sender.tab?.id;
  switch (msg.type) {
    case 'ping':
      return 'pong';
    case 'page:report': {
      if (senderTab === undefined) throw new Error('page:report must come from a tab');
      const previous = await getTabState(senderTab);
      const state: TabState = {
        ...msg.report,
        readerOpen: previous?.url === msg.report.url ? previous.readerOpen : false,
        saved: false,
        updatedAt: Date.now(),
      };
      await setTabState(senderTab, state);
      await renderToolbar(senderTab, state);
      return null;
    }
    case 'reader:state': {
      if (senderTab === undefined) throw new Error('reader:state must come from a tab');
      return patchTabState(senderTab, { readerOpen: msg.open });
    }
    case 'tab:get-state':
      return getTabState(msg.tabId);
    case 'reader:toggle':
      return sendToReader(msg.tabId, { type: 'reader:toggle' });
    default:
      throw new Error(`not handled: ${msg.type}`);
  }
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((raw: unknown, sender: Sender) => {
    // Only our own contexts may talk to us, and only in our own words.
    if (sender.id !== browser.runtime.id) return undefined;
    const msg = parseMessage(raw);
    if (!msg) return Promise.resolve<Reply>({ ok: false, error: 'unknown message' });
    return handle(msg, sender).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (err: unknown): Reply => ({ ok: false, error: String((err as Error)?.message ?? err) }),
    );
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void clearTabState(tabId);
  });

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.removeAll().then(() => {
      browser.contextMenus.create({
        id: 'open-reader',
        title: t('menuOpenReader'),
        contexts: ['page'],
        documentUrlPatterns: ['http://*/*', 'https://*/*'],
      });
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === 'open-reader' && tab?.id !== undefined) {
      void sendToReader(tab.id, { type: 'reader:open' });
    }
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'toggle-reader' && tab?.id !== undefined) {
      void sendToReader(tab.id, { type: 'reader:toggle' });
    }
  });
});
