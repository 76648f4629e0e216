/**
 * Wiring of the sync engine (utils/sync) in the background: the browser's bookmarks API once
 * the optional permission is granted, its events, the favourites change feed and
 * storage.onChanged. The engine itself takes plain objects and is unit-tested without a browser.
 */
import { browser } from 'wxt/browser';
import { onFavouritesChanged } from '../favourites/changes';
import { DB_NAME } from '../favourites/db';
import { favouritesStore } from '../favourites/store';
import { createSyncEngine, type StorageAreaLike } from '../sync/engine';
import type { BookmarkNode, BookmarksApi } from '../sync/types';

interface Listener<A extends unknown[]> {
  addListener(cb: (...args: A) => void): void;
}
interface NativeBookmarks extends BookmarksApi {
  onCreated: Listener<[string, BookmarkNode]>;
  onRemoved: Listener<[string, { parentId: string; node?: BookmarkNode }]>;
  onChanged: Listener<[string, { title?: string; url?: string }]>;
  onMoved: Listener<[string, { parentId: string; oldParentId: string }]>;
  onImportEnded?: Listener<[]>;
}

/** The browser's own bookmarks API (promise-based in MV3 and Firefox), once granted. */
function nativeBookmarks(): NativeBookmarks | null {
  const g = globalThis as {
    browser?: { bookmarks?: NativeBookmarks };
    chrome?: { bookmarks?: NativeBookmarks };
  };
  return g.browser?.bookmarks ?? g.chrome?.bookmarks ?? null;
}

export const syncEngine = createSyncEngine({
  bookmarks: nativeBookmarks,
  store: favouritesStore,
  syncArea: browser.storage.sync as unknown as StorageAreaLike,
  localArea: browser.storage.local as unknown as StorageAreaLike,
});

let listening = false;

/** Bookmark events (registered at start-up when granted, so that they wake the worker). */
function listenToBookmarks() {
  const api = nativeBookmarks();
  if (!api || listening) return;
  listening = true;
  try {
    listen(api);
  } catch {
    // An API without events (not a browser we know): the start-up merge still runs.
    listening = false;
  }
}

function listen(api: NativeBookmarks) {
  api.onCreated.addListener((id, node) => syncEngine.bookmarkEvent({ kind: 'created', id, node }));
  api.onRemoved.addListener((id, info) =>
    syncEngine.bookmarkEvent({ kind: 'removed', id, parentId: info.parentId, node: info.node }),
  );
  api.onChanged.addListener((id, info) =>
    syncEngine.bookmarkEvent({ kind: 'changed', id, ...info }),
  );
  api.onMoved.addListener((id, info) =>
    syncEngine.bookmarkEvent({
      kind: 'moved',
      id,
      parentId: info.parentId,
      oldParentId: info.oldParentId,
    }),
  );
  // Chrome: a bookmarks import sends no events for what it adds.
  api.onImportEnded?.addListener(() => void syncEngine.start());
}

/** Called once, synchronously, when the background starts. */
export function startSync() {
  listenToBookmarks();
  try {
    browser.permissions.onAdded.addListener(() => listenToBookmarks());
  } catch {
    // Not every browser (or test double) has the event: the switch registers them too.
  }
  onFavouritesChanged((change) => {
    if (change.db === DB_NAME) syncEngine.favouritesChanged(change);
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') syncEngine.syncChanged(changes);
  });
  void syncEngine.start().catch(() => {});
}

/** The switch: on once the permission is there (the options page asked for it). */
export async function setSync(on: boolean) {
  if (!on) return syncEngine.disable();
  listenToBookmarks();
  return syncEngine.enable();
}
