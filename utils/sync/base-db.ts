/**
 * The merge base (what both sides agreed on after the last merge, per favourite), in a small
 * IndexedDB database of its own in the extension's origin, written only by the background.
 * Not the favourites database: its schema is not touched.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { BaseEntry } from './types';

export const BASE_DB = 'broadsheet-sync';

interface SyncDB extends DBSchema {
  base: { key: string; value: BaseEntry };
}

export interface BaseStore {
  all(): Promise<Map<string, BaseEntry>>;
  some(keys: Iterable<string>): Promise<Map<string, BaseEntry>>;
  size(): Promise<number>;
  /** Writes `changes` (null: delete) in one transaction. */
  write(changes: Map<string, BaseEntry | null>): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export function createBaseStore(name = BASE_DB): BaseStore {
  let opening: Promise<IDBPDatabase<SyncDB>> | null = null;
  const db = () => {
    opening ??= openDB<SyncDB>(name, 1, {
      upgrade(d) {
        d.createObjectStore('base', { keyPath: 'k' });
      },
      terminated() {
        opening = null;
      },
    });
    return opening;
  };
  return {
    async all() {
      const list = await (await db()).getAll('base');
      return new Map(list.map((e) => [e.k, e]));
    },
    async some(keys) {
      const tx = (await db()).transaction('base');
      const out = new Map<string, BaseEntry>();
      await Promise.all(
        [...keys].map(async (k) => {
          const e = await tx.store.get(k);
          if (e) out.set(k, e);
        }),
      );
      return out;
    },
    async size() {
      return (await db()).count('base');
    },
    async write(changes) {
      if (!changes.size) return;
      const tx = (await db()).transaction('base', 'readwrite');
      for (const [k, e] of changes) {
        if (e) void tx.store.put(e).catch(() => {});
        else void tx.store.delete(k).catch(() => {});
      }
      await tx.done;
    },
    async clear() {
      await (await db()).clear('base');
    },
    async close() {
      const current = opening;
      opening = null;
      if (current) (await current).close();
    },
  };
}
