/**
 * In-memory stand-ins for what sync runs on: a bookmark tree with the browser's events (WXT's
 * fakeBrowser has no bookmarks), and storage areas that enforce storage.sync's quotas as
 * Chrome documents them (102 400 bytes, 8 192 per item, 512 items, 120 writes a minute,
 * 1 800 an hour), counting every set() call as one write.
 */
import type { BookmarkEvent, StorageAreaLike } from '../../../utils/sync/engine';
import type { BookmarkNode, BookmarksApi } from '../../../utils/sync/types';

interface Node {
  id: string;
  parentId?: string;
  title: string;
  url?: string;
  dateAdded: number;
  children?: string[];
}

export class FakeBookmarks implements BookmarksApi {
  nodes = new Map<string, Node>();
  private next = 10;
  private listeners: ((e: BookmarkEvent) => void)[] = [];
  /** Calls made through the API (writes), for assertions about what was touched. */
  writes = 0;
  clock = () => Date.now();
  /** Throws on the n-th create from now on (a worker stopped in the middle of a merge). */
  failAfter = Number.POSITIVE_INFINITY;

  constructor() {
    this.nodes.set('0', { id: '0', title: '', dateAdded: 0, children: ['1', '2'] });
    this.nodes.set('1', {
      id: '1',
      parentId: '0',
      title: 'Bookmarks bar',
      dateAdded: 0,
      children: [],
    });
    this.nodes.set('2', {
      id: '2',
      parentId: '0',
      title: 'Other bookmarks',
      dateAdded: 0,
      children: [],
    });
  }

  /** Every engine (device) listening to this tree, as bookmark sync would make them. */
  listen(cb: (e: BookmarkEvent) => void) {
    this.listeners.push(cb);
  }

  private emit(e: BookmarkEvent) {
    for (const cb of this.listeners) setTimeout(() => cb(e), 0);
  }

  private view(n: Node, deep: boolean): BookmarkNode {
    const out: BookmarkNode = { id: n.id, title: n.title, dateAdded: n.dateAdded };
    if (n.parentId !== undefined) out.parentId = n.parentId;
    if (n.url !== undefined) out.url = n.url;
    if (n.children) {
      out.children = deep
        ? n.children.map((c) => this.view(this.nodes.get(c) as Node, true))
        : undefined;
    }
    return out;
  }

  private must(id: string): Node {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`Can't find bookmark for id.`);
    return n;
  }

  async get(id: string) {
    return [this.view(this.must(id), false)];
  }
  async getTree() {
    return [this.view(this.must('0'), true)];
  }
  async getSubTree(id: string) {
    return [this.view(this.must(id), true)];
  }
  async search(query: { title?: string; url?: string }) {
    return [...this.nodes.values()]
      .filter((n) => n.id !== '0')
      .filter(
        (n) =>
          (query.title === undefined || n.title === query.title) &&
          (query.url === undefined || n.url === query.url),
      )
      .map((n) => this.view(n, false));
  }
  async create(d: { parentId?: string; title?: string; url?: string }) {
    if (this.failAfter-- <= 0) throw new Error('the worker stopped');
    this.writes++;
    const parent = this.must(d.parentId ?? '2');
    if (!parent.children) throw new Error('Parent is not a folder.');
    const id = String(this.next++);
    const n: Node = { id, parentId: parent.id, title: d.title ?? '', dateAdded: this.clock() };
    if (d.url !== undefined) n.url = d.url;
    else n.children = [];
    this.nodes.set(id, n);
    parent.children.push(id);
    this.emit({ kind: 'created', id, node: this.view(n, false) });
    return this.view(n, false);
  }
  async update(id: string, changes: { title?: string; url?: string }) {
    this.writes++;
    const n = this.must(id);
    if (changes.title !== undefined) n.title = changes.title;
    if (changes.url !== undefined) n.url = changes.url;
    this.emit({ kind: 'changed', id, ...changes });
    return this.view(n, false);
  }
  async move(id: string, dest: { parentId: string }) {
    this.writes++;
    const n = this.must(id);
    const from = this.must(n.parentId as string);
    const to = this.must(dest.parentId);
    from.children = (from.children ?? []).filter((c) => c !== id);
    to.children?.push(id);
    n.parentId = to.id;
    this.emit({ kind: 'moved', id, parentId: to.id, oldParentId: from.id });
    return this.view(n, false);
  }
  async remove(id: string) {
    this.writes++;
    const n = this.must(id);
    if (n.children?.length) throw new Error('Cannot remove non-empty folder.');
    this.detach(n);
    this.emit({ kind: 'removed', id, parentId: n.parentId as string, node: this.view(n, false) });
  }
  async removeTree(id: string) {
    this.writes++;
    const n = this.must(id);
    const drop = (x: Node) => {
      for (const c of x.children ?? []) drop(this.must(c));
      this.nodes.delete(x.id);
    };
    this.detach(n);
    drop(n);
    this.emit({ kind: 'removed', id, parentId: n.parentId as string, node: this.view(n, false) });
  }
  private detach(n: Node) {
    const parent = this.must(n.parentId as string);
    parent.children = (parent.children ?? []).filter((c) => c !== n.id);
    this.nodes.delete(n.id);
  }

  // Helpers for tests.
  folder(title = 'Broadsheet', parentId = '2'): Node | undefined {
    return [...this.nodes.values()].find(
      (n) => n.title === title && n.parentId === parentId && n.children,
    );
  }
  /** Bookmarks (with a URL) under `folderId`, at any depth. */
  bookmarksIn(folderId: string): Node[] {
    const out: Node[] = [];
    const walk = (id: string) => {
      for (const c of this.nodes.get(id)?.children ?? []) {
        const n = this.must(c);
        if (n.url !== undefined) out.push(n);
        else walk(c);
      }
    };
    walk(folderId);
    return out;
  }
  childrenOf(folderId: string): Node[] {
    return (this.nodes.get(folderId)?.children ?? []).map((c) => this.must(c));
  }
  /** Fills a folder with `n` bookmarks at once, without events (a big import, long ago). */
  bulk(parentId: string, items: { title: string; url: string; dateAdded?: number }[]) {
    const parent = this.must(parentId);
    for (const it of items) {
      const id = String(this.next++);
      this.nodes.set(id, {
        id,
        parentId,
        title: it.title,
        url: it.url,
        dateAdded: it.dateAdded ?? 1,
      });
      parent.children?.push(id);
    }
  }
}

export const SYNC_QUOTA = {
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
};

const bytes = (k: string, v: unknown) =>
  k.length + new TextEncoder().encode(JSON.stringify(v)).length;

/** A storage area; `quota: true` makes it storage.sync, failing as Chrome does past a limit. */
export class FakeArea implements StorageAreaLike {
  data = new Map<string, unknown>();
  writes: number[] = [];
  errors: string[] = [];
  /** How many times the whole area was read (`get(null)`). */
  readsOfAll = 0;
  /** A set() takes this long (ms) before it is done, as a busy browser's would. */
  delayMs = 0;
  /** set() calls in flight now. */
  inFlight = 0;
  private listeners: ((
    changes: Record<string, { newValue?: unknown; oldValue?: unknown }>,
  ) => void)[] = [];
  constructor(
    private quota = false,
    public clock: () => number = Date.now,
  ) {}
  onChanged(cb: (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => void) {
    this.listeners.push(cb);
  }
  async get(keys?: string | string[] | null) {
    const out: Record<string, unknown> = {};
    if (keys == null) this.readsOfAll++;
    const list = keys == null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    for (const k of list) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>) {
    if (this.delayMs) {
      this.inFlight++;
      await new Promise((r) => setTimeout(r, this.delayMs));
      this.inFlight--;
    }
    if (this.quota) {
      const t = this.clock();
      const lastMinute = this.writes.filter((w) => t - w < 60_000).length;
      const lastHour = this.writes.filter((w) => t - w < 3_600_000).length;
      const fail = (m: string) => {
        this.errors.push(m);
        throw new Error(m);
      };
      if (lastMinute >= SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE)
        fail('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded');
      if (lastHour >= SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_HOUR)
        fail('MAX_WRITE_OPERATIONS_PER_HOUR quota exceeded');
      const next = new Map(this.data);
      for (const [k, v] of Object.entries(items)) {
        if (bytes(k, v) > SYNC_QUOTA.QUOTA_BYTES_PER_ITEM)
          fail('QUOTA_BYTES_PER_ITEM quota exceeded');
        next.set(k, v);
      }
      if (next.size > SYNC_QUOTA.MAX_ITEMS) fail('MAX_ITEMS quota exceeded');
      let total = 0;
      for (const [k, v] of next) total += bytes(k, v);
      if (total > SYNC_QUOTA.QUOTA_BYTES) fail('QUOTA_BYTES quota exceeded');
      this.writes.push(t);
    }
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: structuredClone(v) };
      this.data.set(k, structuredClone(v));
    }
    for (const cb of this.listeners) setTimeout(() => cb(changes), 0);
  }
  /** As storage.*.remove: the items go, and listeners hear them without a newValue. */
  async remove(keys: string | string[]) {
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = {};
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      if (!this.data.has(k)) continue;
      changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    for (const cb of this.listeners) setTimeout(() => cb(changes), 0);
  }
  usage() {
    let total = 0;
    let largest = 0;
    for (const [k, v] of this.data) {
      const b = bytes(k, v);
      total += b;
      largest = Math.max(largest, b);
    }
    return { total, largest, items: this.data.size };
  }
}
