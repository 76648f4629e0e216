import { browser } from 'wxt/browser';
import { addressOf } from '@/utils/background/address';
import { injectDeep } from '@/utils/background/deep';
import {
  isPageSaved,
  prepareTab,
  previewTab,
  progressOfTab,
  saveFromReader,
  saveTab,
  setProgressOfTab,
  setTagsOfTab,
  tagsOfTab,
  toggleTab,
} from '@/utils/background/favourites';
import {
  addHighlightInTab,
  highlightsOfTab,
  removeHighlightInTab,
  restoreHighlightInTab,
  updateHighlightInTab,
} from '@/utils/background/highlights';
import { openReader, prepareReader } from '@/utils/background/reader';
import { setSync, startSync, syncEngine } from '@/utils/background/sync';
import { favouritesStore } from '@/utils/favourites/store';
import { t } from '@/utils/i18n';
import {
  parseMessage,
  type Reply,
  type TabState,
  type ToBackground,
  type ToContent,
} from '@/utils/messaging';
import { loadSettings, onSettingsChanged } from '@/utils/settings-store';
import { clearTabState, getTabState, patchTabState, setTabState } from '@/utils/tab-state';
import { renderToolbar } from '@/utils/toolbar';
import { localUiStrings, type PageHello } from '@/utils/ui-strings';

type Sender = { id?: string; url?: string; tab?: { id?: number }; frameId?: number };

/** Sync is switched by our own pages only (options, library), never by a content script. */
function fromExtensionPage(sender: Sender): void {
  if (sender.tab?.id !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'))) {
    throw new Error('this message must come from an extension page');
  }
}

function fromTab(sender: Sender): number {
  const id = sender.tab?.id;
  if (id === undefined) throw new Error('this message must come from a tab');
  return id;
}

/** Who waits for a tab's next report (the popup, through `tab:get-state`). */
const reportWaiters = new Map<number, (() => void)[]>();

function reported(tabId: number): void {
  for (const done of reportWaiters.get(tabId) ?? []) done();
  reportWaiters.delete(tabId);
}

/** The tab's next report, or `ms` later (then it waits no more). */
function nextReport(tabId: number, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const left = (reportWaiters.get(tabId) ?? []).filter((d) => d !== done);
      if (left.length) reportWaiters.set(tabId, left);
      else reportWaiters.delete(tabId);
      resolve();
    }, ms);
    reportWaiters.set(tabId, [...(reportWaiters.get(tabId) ?? []), done]);
  });
}

/** How long the popup's ask waits for a page to settle its verdict before it polls again. */
const VERDICT_ASK_MS = 1500;

/**
 * The tab's state. None yet: the page may have left its verdict open until someone looks (a
 * page whose metadata does not settle it is read only then), so it is asked for one, and its
 * report awaited. A tab without our script (an extension page, the web store) answers nothing.
 */
async function stateOrVerdict(tabId: number): Promise<TabState | null> {
  const state = await getTabState(tabId);
  if (state) return state;
  const next = nextReport(tabId, VERDICT_ASK_MS);
  const ask: ToContent = { type: 'page:verdict' };
  const heard = await browser.tabs
    .sendMessage(tabId, ask, { frameId: 0 })
    .then(() => true)
    .catch(() => false);
  if (heard) await next;
  return getTabState(tabId);
}

async function handle(msg: ToBackground, sender: Sender): Promise<unknown> {
  switch (msg.type) {
    case 'ping':
      return 'pong';
    case 'page:hello': {
      // A new document in the tab: what was said of the one before no longer holds, and the
      // popup says "Checking…" until this one reports.
      const tabId = sender.tab?.id;
      const [settings] = await Promise.all([
        loadSettings(),
        tabId !== undefined && (sender.frameId ?? 0) === 0 ? clearTabState(tabId) : null,
      ]);
      return { settings, strings: localUiStrings(), ...addressOf(sender.url) } satisfies PageHello;
    }
    case 'page:deep':
      return injectDeep(fromTab(sender), sender.frameId ?? 0);
    case 'page:report': {
      const tabId = fromTab(sender);
      const previous = await getTabState(tabId);
      const state: TabState = {
        ...msg.report,
        readerOpen: previous?.url === msg.report.url ? previous.readerOpen : false,
        saved: await isPageSaved(msg.report.url, msg.report.canonicalUrl),
        updatedAt: Date.now(),
      };
      await setTabState(tabId, state);
      reported(tabId);
      await renderToolbar(tabId, state);
      return null;
    }
    case 'reader:state':
      return patchTabState(fromTab(sender), { readerOpen: msg.open });
    case 'reader:open-here':
      return openReader(fromTab(sender), 'reader:open');
    case 'tab:get-state':
      return stateOrVerdict(msg.tabId);
    case 'reader:toggle':
      return openReader(msg.tabId, 'reader:toggle');
    case 'reader:prepare':
      prepareReader(msg.tabId).catch(() => undefined);
      return null;
    case 'fav:toggle-tab':
      return toggleTab(msg.tabId, msg.save);
    case 'fav:prepare':
      prepareTab(msg.tabId);
      return null;
    case 'fav:preview':
      return previewTab(msg.tabId);
    case 'fav:get-tags':
      return tagsOfTab(fromTab(sender));
    case 'fav:set-tags':
      return setTagsOfTab(fromTab(sender), msg.tags);
    case 'fav:save-article':
      return saveFromReader(fromTab(sender), msg.article);
    case 'fav:get-progress':
      return progressOfTab(fromTab(sender));
    case 'fav:set-progress':
      return setProgressOfTab(fromTab(sender), msg.progress);
    case 'hl:list':
      return highlightsOfTab(fromTab(sender));
    case 'hl:add':
      return addHighlightInTab(fromTab(sender), msg.highlight, msg.article);
    case 'hl:update':
      return updateHighlightInTab(fromTab(sender), msg.id, msg.patch);
    case 'hl:remove':
      return removeHighlightInTab(fromTab(sender), msg.id);
    case 'sync:set':
      fromExtensionPage(sender);
      return setSync(msg.on);
    case 'sync:decide':
      fromExtensionPage(sender);
      return syncEngine.decide(msg.choice);
    case 'sync:status':
      return syncEngine.status();
    case 'hl:restore':
      return restoreHighlightInTab(fromTab(sender), msg.highlight);
  }
}

function createMenus() {
  const pages = ['http://*/*', 'https://*/*'];
  browser.contextMenus.create({
    id: 'open-reader',
    title: t('menuOpenReader'),
    contexts: ['page'],
    documentUrlPatterns: pages,
  });
  browser.contextMenus.create({
    id: 'save-page',
    title: t('menuSavePage'),
    contexts: ['page'],
    documentUrlPatterns: pages,
  });
  browser.contextMenus.create({
    id: 'save-link',
    title: t('menuSaveLink'),
    contexts: ['link'],
    targetUrlPatterns: pages,
  });
}

export default defineBackground(() => {
  // Favourites through the browser's bookmarks sync (options page switch; off by default).
  startSync();
  browser.runtime.onMessage.addListener((raw: unknown, sender: Sender) => {
    // Only our own contexts may talk to us, and only in our own words.
    if (sender.id !== browser.runtime.id) return undefined;
    const msg = parseMessage(raw);
    if (!msg) return undefined;
    return handle(msg, sender).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (err: unknown): Reply => ({ ok: false, error: String((err as Error)?.message ?? err) }),
    );
  });

  // A page that moves to another address without a new document (a single-page app): its
  // always-on script hears it from here rather than watching the page's history itself.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (!change.url || !/^https?:/.test(change.url)) return;
    const moved: ToContent = { type: 'page:moved' };
    browser.tabs.sendMessage(tabId, moved, { frameId: 0 }).catch(() => {
      // No script in that tab yet (a new document: it looks for itself).
    });
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    void clearTabState(tabId);
  });

  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(createMenus);
  });

  // Content scripts never read storage themselves (it costs every page): they hear it here.
  onSettingsChanged((settings) => {
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs) {
        if (tab.id === undefined) continue;
        browser.tabs.sendMessage(tab.id, { type: 'settings:changed', settings }).catch(() => {
          // No content script in that tab (a browser page, or not loaded yet).
        });
      }
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    const tabId = tab?.id;
    if (info.menuItemId === 'save-link' && info.linkUrl) {
      const text = (info as { linkText?: string }).linkText || info.linkUrl;
      void favouritesStore.saveLink(info.linkUrl, text).catch(() => {});
      return;
    }
    if (tabId === undefined) return;
    if (info.menuItemId === 'open-reader') openReader(tabId, 'reader:open').catch(() => {});
    if (info.menuItemId === 'save-page') void saveTab(tabId).catch(() => {});
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (tab?.id === undefined) return;
    if (command === 'toggle-reader') openReader(tab.id, 'reader:toggle').catch(() => {});
    if (command === 'save-page') void saveTab(tab.id).catch(() => {});
  });
});
