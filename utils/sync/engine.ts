/**
 * The sync engine: keeps the favourites and the `Broadsheet` bookmark folder in step, and the
 * fields bookmarks cannot carry in storage.sync. Runs in the background only. Everything it
 * is handed is plain (a bookmarks API, the favourites store, two storage areas), so the unit
 * tests drive it with an in-memory bookmark tree, fake-indexeddb and fakeBrowser's storage.
 *
 * Triggers: start-up and switch-on (a full merge: the worker may have slept through changes),
 * bookmark events, the favourites change feed (utils/favourites/changes.ts) and
 * storage.onChanged. Everything runs one merge at a time. Our own writes come back as events
 * and change-feed messages; they find both sides already agreeing with the base, so they
 * change nothing (and storage.sync is written only when an item's value differs).
 */
import type { FavouritesChange } from '../favourites/changes';
import { countHighlights } from '../favourites/highlight-counts';
import type { FavouriteDraft, FavouritesStore } from '../favourites/store';
import type { Favourite } from '../favourites/types';
import { normalizeUrl, siteOf } from '../favourites/url';
import { createAreaView } from './area-view';
import { type BaseStore, createBaseStore } from './base-db';
import {
  decodeShard,
  decodeTombs,
  keyHash,
  META_PREFIX,
  type MetaEntry,
  mergeMeta,
  packShard,
  packTombs,
  SHARDS,
  shardKey,
  shardOf,
  TOMB_KEY,
} from './meta';
import { type Mirror, readMirror } from './mirror';
import { emptyPlan, type Plan, plan } from './plan';
import {
  ARCHIVE_TITLE,
  type BaseEntry,
  type BookmarkNode,
  type BookmarksApi,
  FOLDER_TITLE,
  type Ignored,
  type LocalItem,
  type MetaFields,
  type RemoteItem,
} from './types';

/** The part of a storage area the engine uses (storage.sync, storage.local). */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export const STATUS_KEY = 'sync:status';
/**
 * storage.sync writes not made yet that a full merge cannot make again (removals: their
 * tombstones, and the entries to drop), kept in storage.local until they are written, so that
 * a worker stopped before its write still makes it at its next start.
 */
export const PENDING_KEY = 'sync:pending';

interface PendingWrites {
  /** Tombstones: [hash, removedAt]. */
  tombs: [string, number][];
  /** Hashes of removed favourites whose entries are to be dropped. */
  gone: string[];
}

export interface SyncStatus {
  on: boolean;
  phase: 'off' | 'merging' | 'idle' | 'ask' | 'no-permission' | 'error';
  folderId?: string;
  /** Bookmarks mirrored, favourites there are. */
  mirrored: number;
  favourites: number;
  ignored: Ignored[];
  ignoredCounts: Record<string, number>;
  /** A merge that would remove favourites because their bookmarks went: waiting for the user. */
  ask?: { removals: number; folderGone: boolean };
  lastMerge?: {
    at: number;
    ms: number;
    /** Of which reading the folder, writing favourites, writing bookmarks. */
    readMs?: number;
    favouritesMs?: number;
    bookmarksMs?: number;
    full: boolean;
    /** From the first event to the merge's start (the debounce, and any merge before it). */
    waitMs?: number;
    /** Milliseconds since the merge's start at the end of each step. */
    steps?: Record<string, number>;
    bookmarksCreated: number;
    favouritesAdded: number;
    removed: number;
    updated: number;
  };
  meta?: { bytes: number; items: number; entries: number; left: number; errors: number };
  /**
   * The last storage.sync write: when it started, how long it held the merges' queue (ms), and
   * when (ms from its start) it had read the favourites concerned and had written.
   */
  lastFlush?: { at: number; ms: number; readMs?: number; setMs?: number };
  error?: string;
  /** When the switch was last turned off. */
  offAt?: number;
}

export interface SyncEngineDeps {
  /** The bookmarks API, or null while the permission is not granted. */
  bookmarks(): BookmarksApi | null;
  store: FavouritesStore;
  syncArea: StorageAreaLike;
  localArea: StorageAreaLike;
  base?: BaseStore;
  now?: () => number;
  /** Delay before an incremental merge (events come in bursts). */
  debounceMs?: number;
  /** Delay before writing storage.sync, and the least time between two writes. */
  flushMs?: number;
  minFlushIntervalMs?: number;
}

export type BookmarkEvent =
  | { kind: 'created'; id: string; node: BookmarkNode }
  | { kind: 'removed'; id: string; parentId: string; node?: BookmarkNode }
  | { kind: 'changed'; id: string; title?: string; url?: string }
  | { kind: 'moved'; id: string; parentId: string; oldParentId: string };

/** Above this many favourites removed by one merge (or any, with the folder gone): ask first. */
export function needsAsking(removals: number, baseSize: number, folderGone: boolean): boolean {
  if (removals === 0) return false;
  return folderGone || removals > Math.max(20, baseSize / 2);
}

const CHUNK = 250;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function localItem(f: Favourite): LocalItem {
  return {
    id: f.id,
    url: f.url,
    title: f.title,
    archived: f.archived === 1,
    savedAt: f.savedAt,
    updatedAt: f.updatedAt,
    ...(f.archivedAt !== undefined ? { archivedAt: f.archivedAt } : {}),
  };
}

const metaOf = (f: Favourite): MetaFields => ({
  g: f.tags,
  r: f.read,
  p: Math.round((f.progress ?? 0) * 1000),
});

export function createSyncEngine(deps: SyncEngineDeps) {
  const now = deps.now ?? Date.now;
  const base = deps.base ?? createBaseStore();
  const debounceMs = deps.debounceMs ?? 30;
  const flushMs = deps.flushMs ?? 1000;
  const minFlushInterval = deps.minFlushIntervalMs ?? 4000;

  let status: SyncStatus | null = null;
  /** One merge at a time. */
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => {});
    return next;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wantFull = false;
  const dirty = new Set<string>();
  /** Bookmark id → favourite id, from the last read of the folder. */
  let bidToKey = new Map<string, string>();
  /** Favourite id → its bookmarks in the folder, kept from events once the folder was read. */
  let keyToBids = new Map<string, Set<string>>();
  let folderIds = new Set<string>();
  let archiveIdNow: string | undefined;
  /** The folder was read whole by this worker: a few ids can be merged from the maps above. */
  let mirrorKnown = false;
  const link = (bid: string, key: string) => {
    unlink(bid);
    bidToKey.set(bid, key);
    let set = keyToBids.get(key);
    if (!set) {
      set = new Set();
      keyToBids.set(key, set);
    }
    set.add(bid);
  };
  const unlink = (bid: string) => {
    const key = bidToKey.get(bid);
    if (key === undefined) return;
    bidToKey.delete(bid);
    keyToBids.get(key)?.delete(bid);
  };
  /**
   * Our own writes, expected back as events (bookmarks: by what was done; favourites: by id,
   * one per committed put or remove). An echo is skipped; anything else is a change to merge.
   */
  const bookmarkEchoes = new Map<string, number>();
  const favouriteEchoes = new Map<string, number>();
  const expect = (map: Map<string, number>, sig: string, n = 1) => {
    const v = (map.get(sig) ?? 0) + n;
    if (v > 0) map.set(sig, v);
    else map.delete(sig);
  };
  const isEcho = (map: Map<string, number>, sig: string) => {
    if (!map.has(sig)) return false;
    expect(map, sig, -1);
    return true;
  };
  /** Bookmark id → when an event said it changed (for last-writer-wins). */
  const seen = new Map<string, number>();
  /** Hash → favourite id, for storage.sync entries. */
  let hashes = new Map<string, string>();
  let hashesComplete = false;
  /** The favourite id behind a storage.sync hash (every id is hashed once, on first need). */
  async function idOfHash(h: string): Promise<string | undefined> {
    if (!hashes.has(h) && !hashesComplete) {
      const ids = await (await deps.store.db()).getAllKeys('favourites');
      for (const id of ids) hashes.set(keyHash(id), id);
      hashesComplete = true;
    }
    return hashes.get(h);
  }

  async function loadStatus(): Promise<SyncStatus> {
    if (status) return status;
    const got = await deps.localArea.get([STATUS_KEY, PENDING_KEY]);
    if (status) return status;
    const stored = got[STATUS_KEY] as SyncStatus | undefined;
    status = stored?.phase
      ? stored
      : { on: false, phase: 'off', mirrored: 0, favourites: 0, ignored: [], ignoredCounts: {} };
    restorePending(got[PENDING_KEY]);
    return status;
  }

  async function saveStatus(patch: Partial<SyncStatus>): Promise<SyncStatus> {
    const current = await loadStatus();
    status = { ...current, ...patch };
    await deps.localArea.set({ [STATUS_KEY]: status });
    return status;
  }

  async function allFavourites(): Promise<Favourite[]> {
    return (await deps.store.db()).getAll('favourites');
  }

  async function someFavourites(keys: Iterable<string>): Promise<Favourite[]> {
    const tx = (await deps.store.db()).transaction('favourites');
    const list = await Promise.all([...keys].map((k) => tx.store.get(k)));
    return list.filter((f): f is Favourite => f !== undefined);
  }

  async function highlightCounts(keys?: Set<string>): Promise<Map<string, number>> {
    return countHighlights(await deps.store.db(), keys);
  }

  // --- the folder -------------------------------------------------------------------------

  /** Where a new `Broadsheet` folder goes: "Other bookmarks" (Chrome), "Other Bookmarks" (Firefox). */
  async function defaultParent(api: BookmarksApi): Promise<string> {
    const roots = (await api.getTree())[0]?.children ?? [];
    const other =
      roots.find((r) => r.id === 'unfiled_____') ??
      roots.find((r) => r.folderType === 'other') ??
      roots.find((r) => r.id === '2') ??
      roots.find((r) => !r.unmodifiable && r.folderType !== 'managed');
    if (!other) throw new Error('no bookmark folder to put the mirror in');
    return other.id;
  }

  /** The mirror folder's node with its children, or null when it is gone. */
  async function findFolder(api: BookmarksApi, knownId?: string): Promise<BookmarkNode | null> {
    if (knownId) {
      const node = await api
        .getSubTree(knownId)
        .then((n) => n[0] ?? null)
        .catch(() => null);
      if (node && !node.url) return node;
    }
    // Another device made it (bookmark sync gave it another id here), or we never had one.
    // Only one at the top of the browser's own folders: a folder of the user's that happens to
    // have the name, deeper down, is not ours.
    const roots = new Set(((await api.getTree())[0]?.children ?? []).map((r) => r.id));
    const found = (await api.search({ title: FOLDER_TITLE }))
      .filter((n) => !n.url && n.type !== 'separator' && roots.has(n.parentId ?? ''))
      .sort((a, b) => (a.dateAdded ?? 0) - (b.dateAdded ?? 0));
    const first = found[0];
    if (!first) return null;
    return (await api.getSubTree(first.id))[0] ?? null;
  }

  async function readSide(api: BookmarksApi, st: SyncStatus) {
    const folder = await findFolder(api, st.folderId);
    const mirror = folder ? readMirror(folder) : null;
    if (mirror) {
      bidToKey = new Map();
      keyToBids = new Map();
      for (const [key, list] of mirror.items) for (const r of list) link(r.bid, key);
      folderIds = new Set([mirror.folderId, ...(mirror.archiveId ? [mirror.archiveId] : [])]);
      archiveIdNow = mirror.archiveId;
      folderIdNow = mirror.folderId;
      mirrorKnown = true;
    } else {
      mirrorKnown = false;
      folderIdNow = undefined;
    }
    return mirror;
  }

  /** The bookmarks of a few favourites, from what this worker knows of the folder. */
  async function readKeys(api: BookmarksApi, st: SyncStatus, keys: Set<string>) {
    if (!mirrorKnown || keys.size > 5000 || !folderIdNow) return readSide(api, st);
    const folderId = folderIdNow;
    const items = new Map<string, RemoteItem[]>();
    const bids = [...keys].flatMap((k) => [...(keyToBids.get(k) ?? [])]);
    const node = (id: string) =>
      api
        .get(id)
        .then((n) => n[0] ?? null)
        .catch(() => null);
    // The folder itself must still be there (its removal is a full merge of its own); asked
    // for at the same time as the bookmarks, not after them.
    const [folder, ...nodes] = await Promise.all([node(folderId), ...bids.map(node)]);
    for (const node of nodes) {
      if (!node?.url || !folderIds.has(node.parentId ?? '')) continue;
      const key = normalizeUrl(node.url);
      if (!key || !keys.has(key)) continue;
      const item: RemoteItem = {
        bid: node.id,
        key,
        url: node.url,
        title: node.title ?? '',
        archived: node.parentId === archiveIdNow,
        dateAdded: node.dateAdded ?? 0,
      };
      const list = items.get(key);
      if (list) list.push(item);
      else items.set(key, [item]);
    }
    if (!folder) return readSide(api, st);
    const mirror: Mirror = {
      folderId,
      ...(archiveIdNow ? { archiveId: archiveIdNow } : {}),
      items,
      ignored: [],
      ignoredCounts: {},
      size: items.size,
    };
    return mirror;
  }

  // --- merging ----------------------------------------------------------------------------

  /** Every device's removals, as this worker knows them (no storage.sync call after the first). */
  async function tombstones(): Promise<Map<string, number>> {
    await area.load();
    return decodeTombs(area.value(TOMB_KEY), now());
  }

  function tombsByKey(tombs: Map<string, number>, keys: Iterable<string>) {
    const out = new Map<string, number>();
    if (!tombs.size) return out;
    for (const k of keys) {
      const at = tombs.get(keyHash(k));
      if (at !== undefined) out.set(k, at);
    }
    return out;
  }

  /**
   * One merge: all favourites (full) or those of `keys`. `decision` answers a pending
   * question: 'remove' carries the removals out, 'restore' forgets the base (so both sides
   * are united again and the folder is made anew).
   */
  let firstEventAt: number | undefined;

  async function merge(
    keys: Set<string> | null,
    decision?: 'remove' | 'restore',
    eventAt?: number,
  ) {
    const st = await loadStatus();
    if (!st.on) return;
    const api = deps.bookmarks();
    if (!api) {
      await saveStatus({ phase: 'no-permission' });
      return;
    }
    if (st.phase === 'ask' && !decision) return;
    const started = now();
    /** Where an incremental merge's time goes (ms since the start, at each step). */
    const steps: Record<string, number> = {};
    const step = (name: string) => {
      steps[name] = now() - started;
    };
    if (decision === 'restore') await base.clear();
    const full = keys === null;
    // The bookmarks, the favourites, the base and the tombstones do not depend on each other
    // (four different places): read side by side.
    const [mirror, favs, baseMap, tombs] = await Promise.all([
      keys === null ? readSide(api, st) : readKeys(api, st, keys),
      full ? allFavourites() : someFavourites(keys),
      full ? base.all() : base.some(keys),
      tombstones(),
    ]);
    const read = now();
    step('read');
    const local = new Map(favs.map((f) => [f.id, localItem(f)]));
    const remote = mirror?.items ?? new Map();
    const all = full ? null : keys;
    const tombKeys = new Set([...(all ?? [...local.keys(), ...remote.keys(), ...baseMap.keys()])]);
    const p = plan({
      local,
      remote,
      base: baseMap,
      tombstones: tombsByKey(tombs, tombKeys),
      seen,
      ...(all ? { keys: all } : {}),
      now: now(),
    });
    // The base's size only matters when bookmarks went (the question), so an incremental merge
    // that removes nothing does not count it (a count of the whole base, ~10 ms at 11 500).
    const baseSize = full
      ? baseMap.size
      : mirror === null || p.removedByBookmarks > 0
        ? await base.size()
        : 0;
    const folderGone = mirror === null && baseSize > 0;
    if (decision !== 'remove' && needsAsking(p.removedByBookmarks, baseSize, folderGone)) {
      await saveStatus({ phase: 'ask', ask: { removals: p.removedByBookmarks, folderGone } });
      return;
    }
    step('plan');
    // "Merging…" is for merges one can see (the full ones); an incremental one does not write
    // the whole status once more before its change is applied.
    if (full) await saveStatus({ phase: 'merging' });
    step('status');
    const byId = new Map(favs.map((f) => [f.id, f]));
    await apply(api, p, mirror, byId);
    step('apply');
    // Other devices' storage.sync entries: read whole at a full merge; after that they arrive
    // through storage.onChanged (syncChanged).
    if (full) await mergeMetaIn(null);
    publish(full ? null : [...p.base.keys()].concat(keys ? [...keys] : []));
    const counts = await deps.store.count().catch(() => 0);
    step('count');
    await saveStatus({
      phase: 'idle',
      ask: undefined,
      folderId: folderIdNow ?? st.folderId,
      mirrored: await base.size(),
      favourites: counts,
      ...(mirror && full ? { ignored: mirror.ignored, ignoredCounts: mirror.ignoredCounts } : {}),
      lastMerge: {
        at: now(),
        ms: now() - started,
        readMs: read - started,
        favouritesMs: timings.favourites,
        bookmarksMs: timings.bookmarks,
        full,
        ...(eventAt !== undefined ? { waitMs: started - eventAt } : {}),
        steps,
        bookmarksCreated: p.createBookmarks.length,
        favouritesAdded: p.addFavourites.length,
        removed: p.removeFavourites.length + p.removeBookmarks.length,
        updated: p.updateFavourites.length + p.renameBookmarks.length + p.moveBookmarks.length,
      },
      error: undefined,
    });
  }

  let folderIdNow: string | undefined;
  const timings = { favourites: 0, bookmarks: 0 };

  async function ensureFolders(api: BookmarksApi, mirror: Mirror | null, needArchive: boolean) {
    let folderId = mirror?.folderId;
    let archiveId = mirror?.archiveId;
    if (!folderId) {
      const made = await api.create({ parentId: await defaultParent(api), title: FOLDER_TITLE });
      folderId = made.id;
    }
    if (needArchive && !archiveId) {
      const made = await api.create({ parentId: folderId, title: ARCHIVE_TITLE });
      archiveId = made.id;
    }
    folderIdNow = folderId;
    archiveIdNow = archiveId;
    folderIds = new Set([folderId, ...(archiveId ? [archiveId] : [])]);
    if (!mirror) mirrorKnown = true;
    return { folderId, archiveId: archiveId ?? '' };
  }

  async function apply(
    api: BookmarksApi,
    p: Plan,
    mirror: Mirror | null,
    byId: Map<string, Favourite>,
  ) {
    try {
      const needArchive =
        p.createBookmarks.some((c) => c.archived) || p.moveBookmarks.some((m) => m.archived);
      const needFolder = p.createBookmarks.length > 0 || needArchive || !mirror;
      const { folderId, archiveId } = needFolder
        ? await ensureFolders(api, mirror, needArchive)
        : { folderId: mirror?.folderId ?? '', archiveId: mirror?.archiveId ?? '' };
      if (mirror) folderIdNow = folderId;
      const t = now();

      const rest = new Map(p.base);
      // Favourites (a bookmark from another device appears at once, in one transaction) and
      // bookmarks are written side by side: they do not depend on each other.
      const favourites = (async () => {
        // Favourites first (a bookmark from another device appears at once), in batches.
        const adds = p.addFavourites;
        const updates = new Map(p.updateFavourites.map((u) => [u.key, u]));
        const removes = p.removeFavourites;
        const work: { kind: 'add' | 'update' | 'remove'; key: string }[] = [
          ...adds.map((a) => ({ kind: 'add' as const, key: a.key })),
          ...[...updates.keys()].map((key) => ({ kind: 'update' as const, key })),
          ...removes.map((key) => ({ kind: 'remove' as const, key })),
        ];
        const addByKey = new Map(adds.map((a) => [a.key, a]));
        for (const batch of chunks(work, 5000)) {
          const written: string[] = [];
          await deps.store.write(async (w) => {
            const store = w.tx.objectStore('favourites');
            // Every read first, at once; then every write, without waiting for each (as the
            // import does): one round trip per batch rather than one per favourite.
            const found = await Promise.all(batch.map((job) => store.get(job.key)));
            const writes: Promise<unknown>[] = [];
            const track = (p: Promise<unknown>) => {
              p.catch(() => {});
              writes.push(p);
            };
            batch.forEach((job, i) => {
              const existing = found[i];
              if (job.kind === 'add') {
                if (existing) return;
                const a = addByKey.get(job.key) as (typeof adds)[number];
                const draft: FavouriteDraft = {
                  id: a.key,
                  url: a.url,
                  normalizedUrl: a.key,
                  title: a.title,
                  site: siteOf(a.key),
                  wordCount: 0,
                  savedAt: a.savedAt,
                  updatedAt: t,
                  read: 0,
                  tags: [],
                  fetched: false,
                  ...(a.archived ? { archived: 1 as const, archivedAt: t } : {}),
                };
                track(w.put(draft));
              } else if (job.kind === 'update') {
                if (!existing) return;
                const u = updates.get(job.key) as { title?: string; archived?: boolean };
                const next: Favourite = { ...existing, updatedAt: Math.max(t, existing.updatedAt) };
                if (u.title !== undefined) next.title = u.title;
                if (u.archived !== undefined) {
                  next.archived = u.archived ? 1 : 0;
                  next.archivedAt = t;
                }
                track(w.put(next, existing));
              } else if (existing) {
                track(w.remove(existing));
              } else return;
              written.push(job.key);
            });
            await Promise.all(writes);
          });
          for (const k of written) expect(favouriteEchoes, k);
        }

        timings.favourites = now() - t;
      })();
      const bookmarks = (async () => {
        const tb = now();
        // Bookmarks: removals, renames and moves, then the new ones (their base written as made).
        /** A bookmark write whose event is expected back (and skipped as our echo). */
        const ours = <T>(sig: string, call: () => Promise<T>) => {
          expect(bookmarkEchoes, sig);
          return call().catch(() => {
            expect(bookmarkEchoes, sig, -1);
            return null;
          });
        };
        for (const batch of chunks(p.removeBookmarks)) {
          await Promise.all(
            batch.map((r) => ours(`r|${r.bid}`, () => api.remove(r.bid)).then(() => unlink(r.bid))),
          );
        }
        for (const batch of chunks(p.renameBookmarks)) {
          await Promise.all(
            batch.map((r) => ours(`u|${r.bid}`, () => api.update(r.bid, { title: r.title }))),
          );
        }
        for (const batch of chunks(p.moveBookmarks)) {
          await Promise.all(
            batch.map((m) => {
              const parentId = m.archived ? archiveId : folderId;
              return ours(`m|${m.bid}|${parentId}`, () => api.move(m.bid, { parentId }));
            }),
          );
        }
        for (const batch of chunks(p.createBookmarks, 1000)) {
          const made = await Promise.all(
            batch.map((c) => {
              const parentId = c.archived ? archiveId : folderId;
              return ours(`c|${parentId}|${c.url}`, () =>
                api.create({ parentId, title: c.title, url: c.url }),
              ).then((node) => (node ? { c, node } : null));
            }),
          );
          const changes = new Map<string, BaseEntry | null>();
          for (const m of made) {
            rest.delete(m?.c.key ?? '');
            if (!m) continue;
            const entry = p.base.get(m.c.key) as BaseEntry;
            changes.set(m.c.key, { ...entry, b: m.node.id });
            link(m.node.id, m.c.key);
          }
          await base.write(changes);
        }
        timings.bookmarks = now() - tb;
      })();
      // Both run to their end before anything else does, even when one fails.
      for (const r of await Promise.allSettled([favourites, bookmarks])) {
        if (r.status === 'rejected') throw r.reason;
      }
      // Creations that failed have no base: the next merge tries them again.
      for (const c of p.createBookmarks) rest.delete(c.key);
      for (const [k, e] of rest) if (e && !e.b) rest.delete(k);
      // The base keeps the storage.sync fields last agreed.
      for (const [k, e] of rest) {
        const f = byId.get(k);
        if (e && !e.m && f) e.m = metaOf(f);
      }
      for (const k of p.tombstones) pendingTombs.set(keyHash(k), t);
      for (const k of [...p.tombstones, ...p.removeFavourites]) {
        pendingMeta.set(keyHash(k), null);
        pendingGone.add(keyHash(k));
      }
      // Before the base forgets them: once it has, no full merge would find these removals again.
      if (p.tombstones.length || p.removeFavourites.length) await persistPending();
      await base.write(rest);
      if (p.tombstones.length) flushSoon();
    } finally {
      // Events for our own writes are on their way: the merges they cause run after this one
      // and find both sides agreeing with the base, so they change nothing.
    }
  }

  // --- storage.sync -----------------------------------------------------------------------

  /** What storage.sync holds, learned once (utils/sync/area-view.ts): our items' values, every item's bytes. */
  const newArea = () =>
    createAreaView(deps.syncArea, (k) => k.startsWith(META_PREFIX) || k === TOMB_KEY);
  let area = newArea();
  /** Entries to write, by hash (null: the favourite is gone). */
  const pendingMeta = new Map<string, MetaEntry | null>();
  const pendingTombs = new Map<string, number>();
  /** Hashes of removed favourites whose entries are to be dropped (kept in storage.local too). */
  const pendingGone = new Set<string>();
  /** Hashes of favourites whose highlights were added or removed here since the last write. */
  const highlightsMoved = new Set<string>();
  /** Something is kept under PENDING_KEY (to be cleared once written). */
  let persisted = false;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = 0;
  /** A write queued behind the merges, or running. */
  let flushing: Promise<void> | null = null;
  /** The write's time came while a merge was on its way: it goes right after that merge. */
  let flushAfterMerge = false;
  /** The status a write records, written after the write let the queue go. */
  let statusWritten: Promise<unknown> = Promise.resolve();
  let wantAllShards = false;
  /** What we last wrote to each item, to tell our own storage.onChanged from other devices'. */
  const written = new Map<string, string>();

  function restorePending(raw: unknown) {
    const p = raw as Partial<PendingWrites> | undefined;
    if (!p || typeof p !== 'object') return;
    for (const t of Array.isArray(p.tombs) ? p.tombs : []) {
      if (!Array.isArray(t) || typeof t[0] !== 'string' || typeof t[1] !== 'number') continue;
      pendingTombs.set(t[0], Math.max(t[1], pendingTombs.get(t[0]) ?? 0));
    }
    for (const h of Array.isArray(p.gone) ? p.gone : []) {
      if (typeof h !== 'string') continue;
      pendingGone.add(h);
      if (!pendingMeta.has(h)) pendingMeta.set(h, null);
    }
    if (pendingTombs.size || pendingGone.size) {
      persisted = true;
      if (status?.on) flushSoon();
    }
  }

  async function persistPending() {
    const value: PendingWrites = { tombs: [...pendingTombs], gone: [...pendingGone] };
    await deps.localArea.set({ [PENDING_KEY]: value });
    persisted = true;
  }

  async function clearPending() {
    pendingGone.clear();
    if (!persisted) return;
    persisted = false;
    await deps.localArea.set({ [PENDING_KEY]: { tombs: [], gone: [] } satisfies PendingWrites });
  }

  /** Queues the storage.sync entries of `keys` (all favourites when null). */
  function publish(keys: string[] | null) {
    if (keys === null) wantAllShards = true;
    else for (const k of keys) pendingMeta.set(keyHash(k), pendingMeta.get(keyHash(k)) ?? null);
    // Values are read at flush time (the latest), so a burst of saves makes one write.
    for (const k of keys ?? []) hashes.set(keyHash(k), k);
    flushSoon();
  }

  function flushSoon() {
    if (flushTimer) return;
    const wait = Math.max(flushMs, lastFlush + minFlushInterval - now());
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      // A write made since this timer was set (one waits for the merges) moved the next one on.
      if (now() < lastFlush + minFlushInterval) flushSoon();
      else queueFlush();
    }, wait);
  }

  const somethingPending = () => wantAllShards || pendingMeta.size > 0 || pendingTombs.size > 0;

  /**
   * The write goes in the merges' own queue, so that it never runs at the same time as a
   * merge; and a merge already on its way (its events heard, its debounce running) goes first.
   * Nothing is lost meanwhile: what is pending stays queued in memory, and what a full merge
   * at the next start could not find again (removals) is in storage.local (PENDING_KEY).
   */
  function queueFlush() {
    if (timer !== undefined) {
      flushAfterMerge = true;
      return;
    }
    // One queued or running takes whatever is pending when it runs; its end looks again.
    if (flushing) return;
    flushing = serial(async () => {
      try {
        await flush();
      } catch (error) {
        const st = await loadStatus();
        await saveStatus({
          meta: { ...(st.meta ?? emptyMetaUsage()), errors: (st.meta?.errors ?? 0) + 1 },
          error: String((error as Error)?.message ?? error),
        }).catch(() => {});
        // Over a quota or a rate: try again later, with everything still queued.
        lastFlush = now() + 60_000;
      }
    }).finally(() => {
      flushing = null;
      if (somethingPending()) flushSoon();
    });
  }

  const emptyMetaUsage = () => ({ bytes: 0, items: 0, entries: 0, left: 0, errors: 0 });

  async function flush(): Promise<void> {
    const st = await loadStatus();
    if (!st.on) {
      pendingMeta.clear();
      pendingTombs.clear();
      wantAllShards = false;
      await clearPending();
      return;
    }
    await area.load();
    const all = wantAllShards;
    const pending = new Map(pendingMeta);
    const tombs = new Map(pendingTombs);
    const gone = new Set(pendingGone);
    const moved = new Set(highlightsMoved);
    highlightsMoved.clear();
    wantAllShards = false;
    pendingMeta.clear();
    pendingTombs.clear();
    lastFlush = now();
    const flushStarted = lastFlush;
    let entries = 0;
    let left = 0;
    let readMs = 0;
    try {
      const shards = new Set<number>();
      if (all) for (let i = 0; i < SHARDS; i++) shards.add(i);
      for (const h of pending.keys()) shards.add(shardOf(h));
      // The latest local values of the favourites concerned.
      let favs: Favourite[];
      if (all) favs = await allFavourites();
      else {
        const ids = [...pending.keys()].map((h) => hashes.get(h)).filter((k): k is string => !!k);
        favs = await someFavourites(ids);
      }
      const counts = await highlightCounts(all ? undefined : new Set(favs.map((f) => f.id)));
      readMs = now() - flushStarted;
      const mine = new Map<string, MetaEntry>();
      for (const f of favs) {
        const h = keyHash(f.id);
        hashes.set(h, f.id);
        // This device's own count; a device with none passes on what it last heard, so that
        // its other writes (a tag, the read state) do not wipe the count of the one that has them.
        const n = counts.get(f.id) || f.highlightsElsewhere || 0;
        mine.set(h, { h, u: f.updatedAt, n, ...metaOf(f) });
      }
      const out: Record<string, unknown> = {};
      for (const i of shards) {
        const key = shardKey(i);
        const current = area.value(key);
        const merged = decodeShard(current);
        for (const [h, e] of mine) {
          if (shardOf(h) !== i) continue;
          const theirs = merged.get(h);
          // The count is the one field not last-writer-wins: it changes only where highlights
          // were added or removed, and every other write keeps the one already there.
          const n = moved.has(h) || !theirs ? e.n : theirs.n;
          if (!theirs || theirs.u <= e.u) merged.set(h, { ...e, n });
          else if (theirs.n !== n) merged.set(h, { ...theirs, n });
        }
        for (const [h, e] of pending) {
          if (shardOf(h) === i && e === null && !mine.has(h)) merged.delete(h);
        }
        const packed = packShard(i, merged.values());
        left += packed.left;
        entries += packed.kept;
        if (JSON.stringify(packed.value) !== JSON.stringify(current ?? [])) {
          out[key] = packed.value;
        }
      }
      if (tombs.size) {
        const merged = decodeTombs(area.value(TOMB_KEY), now());
        for (const [h, at] of tombs) merged.set(h, Math.max(at, merged.get(h) ?? 0));
        out[TOMB_KEY] = packTombs(merged, now());
      }
      if (Object.keys(out).length) {
        for (const [k, v] of Object.entries(out)) written.set(k, JSON.stringify(v));
        await deps.syncArea.set(out);
        area.wrote(out);
      }
    } catch (error) {
      // Not written: everything taken goes back in the queue (newer entries stay as they are).
      if (all) wantAllShards = true;
      for (const h of moved) highlightsMoved.add(h);
      for (const [h, e] of pending) if (!pendingMeta.has(h)) pendingMeta.set(h, e);
      for (const [h, at] of tombs) pendingTombs.set(h, Math.max(at, pendingTombs.get(h) ?? 0));
      throw error;
    }
    // The removals are written: storage.local need not keep them any longer (unless new ones
    // came meanwhile, which only a merge adds, and merges do not run during a flush).
    for (const h of gone) pendingGone.delete(h);
    // (Only after removals; in the queue, so that no later removal's record is cleared.)
    if (!pendingGone.size && !pendingTombs.size) await clearPending();
    const setMs = now() - flushStarted;
    // The status is storage.local only, and no merge needs it: the queue is let go first.
    statusWritten = saveStatus({
      meta: {
        ...area.usage(),
        ...(all
          ? { entries, left }
          : { entries: status?.meta?.entries ?? entries, left: status?.meta?.left ?? left }),
        errors: st.meta?.errors ?? 0,
      },
      lastFlush: { at: flushStarted, ms: setMs, readMs, setMs },
    }).catch(() => status as SyncStatus);
  }

  /** Applies other devices' storage.sync entries to local favourites (per field). */
  async function mergeMetaIn(keys: Set<string> | null, values?: Record<string, unknown>) {
    let shardValues = values;
    if (!shardValues) {
      await area.load();
      shardValues = {};
      for (let i = 0; i < SHARDS; i++) shardValues[shardKey(i)] = area.value(shardKey(i));
    }
    const remote = new Map<string, MetaEntry>();
    for (const [k, v] of Object.entries(shardValues)) {
      if (!k.startsWith(META_PREFIX)) continue;
      for (const [h, e] of decodeShard(v)) remote.set(h, e);
    }
    if (!remote.size) return;
    const wanted: string[] = [];
    if (keys) wanted.push(...keys);
    else {
      for (const h of remote.keys()) {
        const id = await idOfHash(h);
        if (id) wanted.push(id);
      }
    }
    const targets = (await someFavourites(wanted)).filter((f) => remote.has(keyHash(f.id)));
    if (!targets.length) return;
    const baseMap = await base.some(targets.map((f) => f.id));
    const counts = await highlightCounts(new Set(targets.map((f) => f.id)));
    const changes = new Map<string, BaseEntry | null>();
    const writes: { f: Favourite; fields: Partial<MetaFields>; u: number; elsewhere?: number }[] =
      [];
    for (const f of targets) {
      const e = remote.get(keyHash(f.id)) as MetaEntry;
      const b = baseMap.get(f.id);
      if (!b) continue; // not mirrored yet: the next merge sees it
      const fields = mergeMeta({ ...metaOf(f), updatedAt: f.updatedAt }, e, b.m);
      const after = { ...metaOf(f), ...fields };
      // Highlights stay where they were made: a device with none of its own shows the count
      // another device wrote ("3 highlights on another device"); one with its own shows those.
      const elsewhere = counts.get(f.id) ? 0 : e.n;
      const count = elsewhere !== (f.highlightsElsewhere ?? 0) ? { elsewhere } : {};
      if (Object.keys(fields).length || 'elsewhere' in count) {
        writes.push({ f, fields, u: e.u, ...count });
      }
      changes.set(f.id, { ...b, m: after });
    }
    for (const batch of chunks(writes, 500)) {
      await deps.store.write(async (w) => {
        const store = w.tx.objectStore('favourites');
        for (const { f, fields, u, elsewhere } of batch) {
          const existing = await store.get(f.id);
          if (!existing) continue;
          const next: Favourite = { ...existing, updatedAt: Math.max(existing.updatedAt, u) };
          if (fields.g) next.tags = fields.g;
          if (fields.r !== undefined) next.read = fields.r;
          if (fields.p !== undefined) next.progress = fields.p / 1000;
          if (elsewhere !== undefined) {
            if (elsewhere > 0) next.highlightsElsewhere = elsewhere;
            else delete next.highlightsElsewhere;
          }
          await w.put(next, existing);
        }
      });
      for (const { f } of batch) expect(favouriteEchoes, f.id);
    }
    await base.write(changes);
  }

  // --- triggers ---------------------------------------------------------------------------

  function schedule(keys: Iterable<string> | null) {
    firstEventAt ??= now();
    if (keys === null) wantFull = true;
    else for (const k of keys) dirty.add(k);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const full = wantFull;
      const list = new Set(dirty);
      const since = firstEventAt;
      firstEventAt = undefined;
      wantFull = false;
      dirty.clear();
      void serial(() => merge(full ? null : list, undefined, since)).catch(async (error) => {
        await saveStatus({ phase: 'error', error: String((error as Error)?.message ?? error) });
      });
      // A storage.sync write that waited for this merge goes right after it.
      if (flushAfterMerge) {
        flushAfterMerge = false;
        queueFlush();
      }
    }, debounceMs);
  }

  function bookmarkEvent(event: BookmarkEvent) {
    if (!status?.on && status !== null) return;
    const t = now();
    const mine = (id?: string) => id !== undefined && folderIds.has(id);
    switch (event.kind) {
      case 'created': {
        if (!mine(event.node.parentId)) return;
        const key = event.node.url ? normalizeUrl(event.node.url) : null;
        if (key) link(event.id, key);
        if (isEcho(bookmarkEchoes, `c|${event.node.parentId}|${event.node.url}`)) return;
        // A folder or a bad address (not made by us): a full read lists it as left alone.
        schedule(key ? [key] : null);
        return;
      }
      case 'removed': {
        if (folderIds.has(event.id)) return schedule(null);
        if (!mine(event.parentId)) return;
        const key =
          bidToKey.get(event.id) ?? (event.node?.url ? normalizeUrl(event.node.url) : null);
        unlink(event.id);
        if (isEcho(bookmarkEchoes, `r|${event.id}`)) return;
        schedule(key ? [key] : null);
        return;
      }
      case 'changed': {
        const key = bidToKey.get(event.id);
        if (!key) return;
        const moved = event.url !== undefined ? normalizeUrl(event.url) : key;
        if (moved && moved !== key) link(event.id, moved);
        if (isEcho(bookmarkEchoes, `u|${event.id}`)) return;
        seen.set(event.id, t);
        schedule(moved && moved !== key ? [key, moved] : [key]);
        return;
      }
      case 'moved': {
        if (!mine(event.parentId) && !mine(event.oldParentId)) return;
        const key = bidToKey.get(event.id);
        if (isEcho(bookmarkEchoes, `m|${event.id}|${event.parentId}`)) return;
        seen.set(event.id, t);
        // Moved in from elsewhere: not known yet, so the folder is read again.
        schedule(key ? [key] : null);
        return;
      }
    }
  }

  function favouritesChanged(change: FavouritesChange) {
    if (!status?.on) return;
    if (change.cleared) return schedule(null);
    // Highlights added or removed: nothing for the bookmarks, only the count in storage.sync.
    if (change.highlights) {
      for (const id of change.ids) highlightsMoved.add(keyHash(id));
      return publish(change.ids);
    }
    const keys = change.ids.filter((id) => !isEcho(favouriteEchoes, id));
    if (keys.length) schedule(keys);
  }

  function syncChanged(changes: Record<string, { newValue?: unknown }>) {
    // The usage figure and our items' values follow every change, on or off.
    area.observe(changes);
    if (!status?.on) return;
    const shards: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(changes)) {
      // Our own writes come back here too: those are skipped.
      if (k.startsWith(META_PREFIX) && written.get(k) !== JSON.stringify(c.newValue ?? [])) {
        shards[k] = c.newValue;
      }
    }
    if (Object.keys(shards).length) {
      void serial(() => mergeMetaIn(null, shards)).catch(() => {});
    }
    if (changes[TOMB_KEY]) {
      // Removals on another device: the favourites concerned are merged again.
      const tombs = decodeTombs(changes[TOMB_KEY].newValue, now());
      void serial(async () => {
        const keys: string[] = [];
        for (const h of tombs.keys()) {
          const id = await idOfHash(h);
          if (id) keys.push(id);
        }
        if (keys.length) await removeTombstoned(keys, tombs);
      });
    }
  }

  /** A favourite removed on another device after it last changed here goes, with its bookmark. */
  async function removeTombstoned(keys: string[], tombs: Map<string, number>) {
    const favs = await someFavourites(keys);
    const stale = favs.filter((f) => (tombs.get(keyHash(f.id)) ?? 0) > f.updatedAt);
    if (!stale.length) return;
    const p = emptyPlan();
    const api = deps.bookmarks();
    const st = await loadStatus();
    const mirror = api ? await readSide(api, st) : null;
    for (const f of stale) {
      p.removeFavourites.push(f.id);
      for (const r of mirror?.items.get(f.id) ?? [])
        p.removeBookmarks.push({ key: f.id, bid: r.bid });
      p.base.set(f.id, null);
    }
    if (api) await apply(api, p, mirror, new Map());
  }

  // --- the switch ---------------------------------------------------------------------------

  async function start(): Promise<SyncStatus> {
    const st = await loadStatus();
    if (st.on) schedule(null);
    return st;
  }

  async function enable(): Promise<SyncStatus> {
    await saveStatus({ on: true, phase: 'merging', offAt: undefined, ask: undefined });
    await serial(() => merge(null));
    await flushing;
    await statusWritten;
    return loadStatus();
  }

  /** Off: nothing is removed or changed on either side; the next switch-on unites them again. */
  async function disable(): Promise<SyncStatus> {
    clearTimeout(timer);
    timer = undefined;
    if (flushAfterMerge) {
      flushAfterMerge = false;
      queueFlush();
    }
    dirty.clear();
    wantFull = false;
    await serial(async () => {
      await base.clear();
      seen.clear();
    });
    return saveStatus({ on: false, phase: 'off', ask: undefined, offAt: now() });
  }

  async function decide(choice: 'remove' | 'restore'): Promise<SyncStatus> {
    const st = await loadStatus();
    if (st.phase !== 'ask') return st;
    await serial(() => merge(null, choice));
    return loadStatus();
  }

  /** Resolves once no merge is queued or running and storage.sync is written (tests, bench). */
  async function idle(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await chain;
      if (flushTimer) {
        clearTimeout(flushTimer);
        flushTimer = undefined;
        queueFlush();
      }
      await flushing;
      await statusWritten;
      await new Promise((r) => setTimeout(r, debounceMs + 5));
      if (
        !dirty.size &&
        !wantFull &&
        timer === undefined &&
        !flushAfterMerge &&
        !flushTimer &&
        !flushing &&
        !pendingMeta.size &&
        !pendingTombs.size
      ) {
        await chain;
        return;
      }
    }
  }

  return {
    start,
    enable,
    disable,
    decide,
    bookmarkEvent,
    favouritesChanged,
    syncChanged,
    idle,
    status: loadStatus,
    /** Drops the timers (a worker stopped: what was only in memory is gone with it). */
    stop() {
      clearTimeout(timer);
      clearTimeout(flushTimer);
      timer = undefined;
      flushTimer = undefined;
      flushAfterMerge = false;
    },
    /** Forgets what is cached in memory (a new service worker). */
    reset() {
      status = null;
      bidToKey = new Map();
      keyToBids = new Map();
      mirrorKnown = false;
      bookmarkEchoes.clear();
      favouriteEchoes.clear();
      hashes = new Map();
      hashesComplete = false;
      folderIds = new Set();
      area = newArea();
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
