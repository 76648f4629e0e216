/**
 * A "device" for sync tests: its own favourites database, merge base and storage.local, on a
 * bookmark tree and a storage.sync that two devices may share (as the browser's sync would).
 */
import { onFavouritesChanged } from '../../../utils/favourites/changes';
import type { Favourite } from '../../../utils/favourites/types';
import { createBaseStore } from '../../../utils/sync/base-db';
import { createSyncEngine, type SyncEngineDeps } from '../../../utils/sync/engine';
import { freshStore } from '../favourites/helpers';
import { FakeArea, FakeBookmarks } from './fakes';

let n = 0;

export function device(
  opts: {
    bookmarks?: FakeBookmarks;
    sync?: FakeArea;
    clock?: () => number;
    granted?: boolean;
    /** Engine settings (delays) other than the tests' defaults. */
    engine?: Partial<SyncEngineDeps>;
  } = {},
) {
  n++;
  const bookmarks = opts.bookmarks ?? new FakeBookmarks();
  const sync = opts.sync ?? new FakeArea(true, opts.clock);
  const local = new FakeArea(false);
  const store = freshStore();
  const base = createBaseStore(`test-sync-base-${n}-${Math.random().toString(36).slice(2)}`);
  let granted = opts.granted ?? true;
  const make = () =>
    createSyncEngine({
      bookmarks: () => (granted ? bookmarks : null),
      store,
      syncArea: sync,
      localArea: local,
      base,
      debounceMs: 5,
      flushMs: 5,
      minFlushIntervalMs: 0,
      ...(opts.clock ? { now: opts.clock } : {}),
      ...opts.engine,
    });
  let engine = make();
  const dbName = store.db().then((db) => db.name);
  const stops = [
    onFavouritesChanged(async (change) => {
      if (change.db === (await dbName)) engine.favouritesChanged(change);
    }),
  ];
  bookmarks.listen((e) => engine.bookmarkEvent(e));
  sync.onChanged((changes) => engine.syncChanged(changes));

  const d = {
    bookmarks,
    sync,
    local,
    store,
    base,
    get engine() {
      return engine;
    },
    grant(on: boolean) {
      granted = on;
    },
    /** A new service worker: everything in memory is gone, what is stored stays. */
    restart() {
      // A stopped worker's timers die with it.
      engine.stop();
      engine = make();
      return engine;
    },
    async favourites(): Promise<Favourite[]> {
      return (await store.db()).getAll('favourites');
    },
    async byId(id: string) {
      return store.getFavourite(id);
    },
    /** Lets events, the change feed and debounced merges run, then waits for the engine. */
    async settle() {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await engine.idle();
      }
    },
    folder() {
      return bookmarks.folder();
    },
    mirrored() {
      const f = bookmarks.folder();
      return f ? bookmarks.bookmarksIn(f.id) : [];
    },
    async close() {
      for (const stop of stops) stop();
      await store.close();
      await base.close();
    },
  };
  return d;
}

export type Device = ReturnType<typeof device>;
