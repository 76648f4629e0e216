/**
 * What bookmarks cannot carry, in storage.sync: each favourite's tags, read state, progress and
 * highlight count, and the removals other devices must know about. Compact and bounded:
 *
 * - Chrome's storage.sync holds 102 400 bytes, 8 192 per item, 512 items, and takes 120 writes
 *   a minute and 1 800 an hour (Firefox: the same sizes). We use SHARDS items of at most
 *   SHARD_BYTES each, plus one item of tombstones of at most TOMB_BYTES: 83 KB at most, which
 *   leaves the settings object (same area) its room.
 * - A favourite's entry lives in the shard its id's hash picks, so a change rewrites one item.
 *   A shard keeps the most recently changed entries that fit; older ones are left out (their
 *   favourites still sync through their bookmarks).
 * - Each entry is [hash, updatedAt (base 36), read, progress ‰, highlights, ...tags].
 */
import { cleanTags } from '../favourites/text';
import type { MetaFields } from './types';

export const META_PREFIX = 'bs:m';
export const TOMB_KEY = 'bs:x';
export const SHARDS = 10;
/** Bytes of one shard as storage.sync counts them (key + JSON of the value), under 8 192. */
export const SHARD_BYTES = 7_600;
export const TOMB_BYTES = 6_000;
/** An entry larger than this (many long tags) is not synced at all. */
export const MAX_ENTRY_BYTES = 600;
/** How long a removal is remembered: a device offline for longer may bring a favourite back. */
export const TOMB_TTL_MS = 180 * 24 * 3600 * 1000;

export interface MetaEntry extends MetaFields {
  /** Hash of the favourite id. */
  h: string;
  /** When the favourite last changed (ms). */
  u: number;
  /** How many highlights it has on the device that wrote it (highlights stay there). */
  n: number;
}

/** FNV-1a, twice with different offsets: 10 base-36 characters of a favourite id. */
export function keyHash(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x0100019d);
  }
  const hi = (a >>> 0).toString(36).padStart(7, '0');
  const lo = ((b >>> 0) % 46656).toString(36).padStart(3, '0');
  return `${hi}${lo}`;
}

export const shardOf = (hash: string) => Number.parseInt(hash.slice(0, 4), 36) % SHARDS;
export const shardKey = (i: number) => `${META_PREFIX}${i}`;

/** Bytes storage.sync counts for an item: its key and the JSON of its value. */
export const itemBytes = (key: string, value: unknown) =>
  key.length + new TextEncoder().encode(JSON.stringify(value)).length;

export function encodeEntry(e: MetaEntry): unknown[] {
  return [e.h, Math.max(0, Math.floor(e.u)).toString(36), e.r, e.p, e.n, ...e.g];
}

function decodeEntry(raw: unknown): MetaEntry | null {
  if (!Array.isArray(raw) || raw.length < 5 || raw.length > 60) return null;
  const [h, u, r, p, n, ...g] = raw;
  if (typeof h !== 'string' || !/^[0-9a-z]{10}$/.test(h) || typeof u !== 'string') return null;
  const at = Number.parseInt(u, 36);
  if (!Number.isFinite(at)) return null;
  const num = (v: unknown, max: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(0, Math.round(v))) : 0;
  return { h, u: at, r: r === 1 ? 1 : 0, p: num(p, 1000), n: num(n, 1e6), g: cleanTags(g) };
}

/** A shard's entries, by hash, from whatever storage.sync holds (anything malformed is skipped). */
export function decodeShard(value: unknown): Map<string, MetaEntry> {
  const out = new Map<string, MetaEntry>();
  if (!Array.isArray(value)) return out;
  for (const raw of value.slice(0, 2000)) {
    const e = decodeEntry(raw);
    if (e && (out.get(e.h)?.u ?? -1) < e.u) out.set(e.h, e);
  }
  return out;
}

/** The entries that fit in shard `i`, most recently changed first; and how many were left out. */
export function packShard(
  i: number,
  entries: Iterable<MetaEntry>,
): { value: unknown[]; kept: number; left: number } {
  const sorted = [...entries].sort((a, b) => b.u - a.u);
  const key = shardKey(i);
  const value: unknown[] = [];
  let bytes = itemBytes(key, []);
  let left = 0;
  for (const e of sorted) {
    const enc = encodeEntry(e);
    const size = itemBytes('', enc) + 1;
    if (size > MAX_ENTRY_BYTES || bytes + size > SHARD_BYTES) {
      left++;
      continue;
    }
    value.push(enc);
    bytes += size;
  }
  return { value, kept: value.length, left };
}

/** Tombstones: [hash, removedAt (base 36)], newest first, expired ones dropped, bounded. */
export function decodeTombs(value: unknown, now: number): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(value)) return out;
  for (const raw of value.slice(0, 2000)) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string' || typeof raw[1] !== 'string') continue;
    const at = Number.parseInt(raw[1], 36);
    if (!/^[0-9a-z]{10}$/.test(raw[0]) || !Number.isFinite(at) || now - at > TOMB_TTL_MS) continue;
    if ((out.get(raw[0]) ?? -1) < at) out.set(raw[0], at);
  }
  return out;
}

export function packTombs(tombs: Map<string, number>, now: number): unknown[] {
  const sorted = [...tombs].filter(([, at]) => now - at <= TOMB_TTL_MS).sort((a, b) => b[1] - a[1]);
  const value: unknown[] = [];
  let bytes = itemBytes(TOMB_KEY, []);
  for (const [h, at] of sorted) {
    const enc = [h, at.toString(36)];
    const size = itemBytes('', enc) + 1;
    if (bytes + size > TOMB_BYTES) break;
    value.push(enc);
    bytes += size;
  }
  return value;
}

/**
 * Per-field three-way merge of one favourite's fields with what another device wrote: a field
 * that changed on one side only takes that side; one changed on both takes the later change.
 * Returns the fields to write locally (empty: nothing to change).
 */
export function mergeMeta(
  local: MetaFields & { updatedAt: number },
  remote: MetaEntry,
  base: MetaFields | undefined,
): Partial<MetaFields> {
  const out: Partial<MetaFields> = {};
  const sameTags = (a: string[], b: string[]) =>
    a.length === b.length && a.every((t, i) => t === b[i]);
  const later = remote.u > local.updatedAt;
  const take = <K extends keyof MetaFields>(
    field: K,
    same: (a: MetaFields[K], b: MetaFields[K]) => boolean,
  ) => {
    if (same(local[field], remote[field])) return;
    const localChanged = !base || !same(local[field], base[field]);
    const remoteChanged = !base || !same(remote[field], base[field]);
    if (remoteChanged && (!localChanged || later)) out[field] = remote[field];
  };
  take('g', sameTags);
  take('r', (a, b) => a === b);
  take('p', (a, b) => a === b);
  return out;
}
