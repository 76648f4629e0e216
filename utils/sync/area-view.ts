/**
 * What this worker knows storage.sync holds: the bytes of every item (for the usage figure the
 * options page shows) and the values of our own items (the metadata shards and the
 * tombstones, which every merge and every write needs). Learned once with one `get(null)`, then
 * kept up to date from what we write and from `storage.onChanged` (the settings, other devices'
 * writes, our own coming back). Per key, the latest value replaces what was known, so hearing
 * a change twice (our write, then its event) or a change the first read already had is the
 * same as hearing it once.
 *
 * Before this, every storage.sync write read the whole area again just for the figure, and
 * every merge read the tombstones: storage.sync calls in the merge's path, which under load
 * waited behind a write.
 */
import type { StorageAreaLike } from './engine';
import { itemBytes } from './meta';

export type AreaChanges = Record<string, { newValue?: unknown }>;

export interface AreaView {
  /** Reads the area once (later calls wait for that read). */
  load(): Promise<void>;
  /** What storage.onChanged said (area 'sync'); before the first read it is kept and replayed. */
  observe(changes: AreaChanges): void;
  /** What we have just written (set). */
  wrote(items: Record<string, unknown>): void;
  /** The value of one of our own items (`keep`), as last known; undefined when absent. */
  value(key: string): unknown;
  /** Bytes and items in use, as storage.sync counts them (key + JSON of each value). */
  usage(): { bytes: number; items: number };
  loaded(): boolean;
}

export function createAreaView(area: StorageAreaLike, keep: (key: string) => boolean): AreaView {
  const bytes = new Map<string, number>();
  const values = new Map<string, unknown>();
  let total = 0;
  let loading: Promise<void> | null = null;
  let done = false;
  /** Changes heard while the first read is in flight, replayed after it (latest wins). */
  let heard: AreaChanges[] = [];

  const put = (key: string, value: unknown) => {
    total -= bytes.get(key) ?? 0;
    if (value === undefined) {
      bytes.delete(key);
      values.delete(key);
      return;
    }
    const b = itemBytes(key, value);
    bytes.set(key, b);
    total += b;
    if (keep(key)) values.set(key, value);
  };

  const apply = (changes: AreaChanges) => {
    for (const [k, c] of Object.entries(changes)) put(k, c?.newValue);
  };

  return {
    load() {
      loading ??= area.get(null).then(
        (everything) => {
          for (const [k, v] of Object.entries(everything)) put(k, v);
          for (const c of heard) apply(c);
          heard = [];
          done = true;
        },
        (error) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    observe(changes) {
      if (!done) {
        // Not read yet: nothing to keep up to date, unless the read is on its way.
        if (loading) heard.push(changes);
        return;
      }
      apply(changes);
    },
    wrote(items) {
      const changes: AreaChanges = {};
      for (const [k, v] of Object.entries(items)) changes[k] = { newValue: v };
      if (!done) {
        if (loading) heard.push(changes);
        return;
      }
      apply(changes);
    },
    value: (key) => values.get(key),
    usage: () => ({ bytes: total, items: bytes.size }),
    loaded: () => done,
  };
}
