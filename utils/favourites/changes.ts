/**
 * The favourites change feed: after each committed write, the store says which favourites it
 * touched, on a BroadcastChannel that every extension context of ours shares (the background
 * hears writes made by the popup, the library or reader.html, and its own). Only ids travel,
 * never data: a listener reads what it needs. A context that was asleep hears nothing, so a
 * listener that must not miss a write also compares everything when it starts (utils/sync).
 */

export const CHANNEL = 'broadsheet-favourites';

/** What one committed write changed: these ids (put or removed), or everything (`cleared`). */
export interface FavouritesChange {
  /** The database written (tests run several side by side). */
  db: string;
  ids: string[];
  cleared?: boolean;
  /** Only these favourites' highlights changed (added, removed, restored), not the records. */
  highlights?: boolean;
}

let channel: BroadcastChannel | null | undefined;

function sender(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  }
  return channel;
}

/** Called by the store once a write has committed (never for one that aborted). */
export function announceChange(change: FavouritesChange): void {
  if (!change.ids.length && !change.cleared) return;
  try {
    sender()?.postMessage(change);
  } catch {
    // A closed channel (context going away): the next start-up's full comparison covers it.
  }
}

function parseChange(data: unknown): FavouritesChange | null {
  if (typeof data !== 'object' || data === null) return null;
  const { db, ids, cleared, highlights } = data as Record<string, unknown>;
  if (typeof db !== 'string') return null;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return null;
  return {
    db,
    ids: ids as string[],
    ...(cleared === true ? { cleared: true } : {}),
    ...(highlights === true ? { highlights: true } : {}),
  };
}

/** Calls `cb` for every committed write in any of our contexts. Returns an unsubscribe. */
export function onFavouritesChanged(cb: (change: FavouritesChange) => void): () => void {
  if (typeof BroadcastChannel !== 'function') return () => {};
  const listener = new BroadcastChannel(CHANNEL);
  listener.onmessage = (event: MessageEvent) => {
    const change = parseChange(event.data);
    if (change) cb(change);
  };
  return () => listener.close();
}
