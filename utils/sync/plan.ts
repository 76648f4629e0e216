/**
 * The three-way merge of favourites and their bookmarks (pure): for each favourite id, what
 * the favourite is now (local), what its bookmark is now (remote) and what both were after the
 * last merge (base). A side that changed since the base wins; when both changed, the later
 * change wins (per field: title, archived). Without a base (first merge, or a new favourite or
 * bookmark) nothing is removed: the two sides are united. A removal on one side removes the
 * other, and is remembered (a tombstone) so that a stale device cannot bring it back.
 */
import { plainText } from '../favourites/text';
import { type BaseEntry, type LocalItem, MAX_TITLE, type RemoteItem } from './types';

export interface PlanInput {
  local: Map<string, LocalItem>;
  remote: Map<string, RemoteItem[]>;
  base: Map<string, BaseEntry>;
  /** Favourite id → when it was removed (from any device). */
  tombstones: Map<string, number>;
  /** Bookmark id → when a change to it was seen (events); absent: unknown (0). */
  seen?: Map<string, number>;
  /** Only these ids (an incremental merge); all ids when absent. */
  keys?: Iterable<string>;
  now: number;
}

export interface NewFavourite {
  key: string;
  url: string;
  title: string;
  savedAt: number;
  archived: boolean;
}

export interface Plan {
  createBookmarks: { key: string; url: string; title: string; archived: boolean }[];
  renameBookmarks: { key: string; bid: string; title: string }[];
  moveBookmarks: { key: string; bid: string; archived: boolean }[];
  removeBookmarks: { key: string; bid: string }[];
  addFavourites: NewFavourite[];
  updateFavourites: { key: string; title?: string; archived?: boolean }[];
  removeFavourites: string[];
  /** Favourites removed here: their removal is announced to other devices. */
  tombstones: string[];
  /**
   * The base after the plan is carried out, for every id looked at: an entry, or null (none).
   * A bookmark still to be created has `b: ''` (the engine fills it in).
   */
  base: Map<string, BaseEntry | null>;
  /** Favourites removed because their bookmark went (a removal the user may be asked about). */
  removedByBookmarks: number;
}

/** The title a bookmark gets for a favourite. */
export const bookmarkTitle = (title: string) => Array.from(title).slice(0, MAX_TITLE).join('');

/** The title a favourite gets from a bookmark ('' when it has none worth keeping). */
export const favouriteTitle = (title: string) => plainText(title, MAX_TITLE);

export function emptyPlan(): Plan {
  return {
    createBookmarks: [],
    renameBookmarks: [],
    moveBookmarks: [],
    removeBookmarks: [],
    addFavourites: [],
    updateFavourites: [],
    removeFavourites: [],
    tombstones: [],
    base: new Map(),
    removedByBookmarks: 0,
  };
}

/**
 * The bookmark kept among several with the same address (the same article saved on two
 * devices before bookmark sync met): the oldest, which every device picks alike. The others
 * carry nothing it does not, and are removed.
 */
function primary(list: RemoteItem[]): RemoteItem {
  return list.reduce((a, b) =>
    b.dateAdded < a.dateAdded || (b.dateAdded === a.dateAdded && b.bid < a.bid) ? b : a,
  );
}

export function plan(input: PlanInput): Plan {
  const { local, remote, base, tombstones, now } = input;
  const seen = input.seen ?? new Map<string, number>();
  const out = emptyPlan();
  const keys = input.keys
    ? new Set(input.keys)
    : new Set([...local.keys(), ...remote.keys(), ...base.keys()]);

  for (const key of keys) {
    const L = local.get(key);
    const list = remote.get(key) ?? [];
    const S = base.get(key);
    const B = list.length ? primary(list) : undefined;
    const extras = B ? list.filter((r) => r !== B) : [];
    const removedAt = tombstones.get(key);

    if (L && B && S && removedAt !== undefined && removedAt > Math.max(L.updatedAt, B.dateAdded)) {
      // Removed on another device after both were last changed (its bookmark's removal is
      // still on its way): both go.
      out.removeFavourites.push(key);
      for (const r of list) out.removeBookmarks.push({ key, bid: r.bid });
      out.base.set(key, null);
      continue;
    }

    if (B && (L || !S)) {
      for (const r of extras) out.removeBookmarks.push({ key, bid: r.bid });
    }

    if (L && B) {
      const entry: BaseEntry = { k: key, b: B.bid, lt: L.title, bt: B.title, a: L.archived };
      if (S?.m) entry.m = S.m;
      const update: { key: string; title?: string; archived?: boolean } = { key };
      // Title: compared in the bookmark's terms (a bookmark title is cut to MAX_TITLE).
      const wanted = bookmarkTitle(L.title);
      const titleChangedHere = !S || L.title !== S.lt;
      const titleChangedThere = !S || B.title !== S.bt;
      // Neither changed: a title that could not be carried as it is (cut, or none) stays so.
      if (B.title !== wanted && (titleChangedHere || titleChangedThere)) {
        const localChanged = titleChangedHere;
        const remoteChanged = titleChangedThere;
        const fromBookmark = favouriteTitle(B.title);
        let push: boolean;
        if (localChanged && !remoteChanged) push = true;
        else if (remoteChanged && !localChanged) push = false;
        else push = L.updatedAt >= (seen.get(B.bid) ?? B.dateAdded);
        if (push) {
          out.renameBookmarks.push({ key, bid: B.bid, title: wanted });
          entry.bt = wanted;
        } else if (fromBookmark && fromBookmark !== L.title) {
          update.title = fromBookmark;
          entry.lt = fromBookmark;
        }
      }
      // Archived: the bookmark's folder.
      if (B.archived !== L.archived) {
        const localChanged = !S || L.archived !== S.a;
        const remoteChanged = !S || B.archived !== S.a;
        let push: boolean;
        if (localChanged && !remoteChanged) push = true;
        else if (remoteChanged && !localChanged) push = false;
        else push = (L.archivedAt ?? L.savedAt) >= (seen.get(B.bid) ?? B.dateAdded);
        if (push) out.moveBookmarks.push({ key, bid: B.bid, archived: L.archived });
        else {
          update.archived = B.archived;
          entry.a = B.archived;
        }
      }
      if (update.title !== undefined || update.archived !== undefined) {
        out.updateFavourites.push(update);
      }
      out.base.set(key, entry);
      continue;
    }

    if (L && !B) {
      if (S) {
        // Its bookmark went (here or on another device): the favourite goes too.
        out.removeFavourites.push(key);
        out.removedByBookmarks++;
        out.base.set(key, null);
      } else if (removedAt !== undefined && removedAt > L.updatedAt) {
        // Removed on another device after this device last changed it: a stale copy.
        out.removeFavourites.push(key);
        out.base.set(key, null);
      } else {
        const title = bookmarkTitle(L.title);
        out.createBookmarks.push({ key, url: L.url, title, archived: L.archived });
        out.base.set(key, { k: key, b: '', lt: L.title, bt: title, a: L.archived });
      }
      continue;
    }

    if (!L && B) {
      if (S) {
        // The favourite was removed here: so are its bookmarks, and other devices are told.
        for (const r of list) out.removeBookmarks.push({ key, bid: r.bid });
        out.tombstones.push(key);
        out.base.set(key, null);
      } else if (removedAt !== undefined && removedAt > B.dateAdded) {
        // A bookmark older than the favourite's removal elsewhere: a stale device's copy.
        for (const r of list) out.removeBookmarks.push({ key, bid: r.bid });
        out.base.set(key, null);
      } else {
        const title = favouriteTitle(B.title) || B.url;
        out.addFavourites.push({
          key,
          url: B.url,
          title,
          savedAt: B.dateAdded || now,
          archived: B.archived,
        });
        out.base.set(key, { k: key, b: B.bid, lt: title, bt: B.title, a: B.archived });
      }
      continue;
    }

    if (S) out.base.set(key, null);
  }
  return out;
}
