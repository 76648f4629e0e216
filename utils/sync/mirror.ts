/**
 * Reading the mirror folder: one favourite per bookmark, by normalized URL, and a reason for
 * every bookmark that is left alone (never changed, never removed).
 */
import { normalizeUrl } from '../favourites/url';
import {
  ARCHIVE_TITLE,
  type BookmarkNode,
  type Ignored,
  MAX_MIRRORED,
  type RemoteItem,
} from './types';

/** At most this many ignored bookmarks are listed one by one (the rest are counted). */
const MAX_LISTED = 50;

export interface Mirror {
  folderId: string;
  archiveId?: string;
  /** Every mirrored bookmark, by favourite id; the first is the one kept in step. */
  items: Map<string, RemoteItem[]>;
  ignored: Ignored[];
  /** How many were ignored, per reason (including those not listed). */
  ignoredCounts: Record<string, number>;
  /** Bookmarks mirrored. */
  size: number;
}

const short = (text: string, max: number) =>
  text.length > max
    ? `${Array.from(text)
        .slice(0, max - 1)
        .join('')}…`
    : text;

function countBookmarks(node: BookmarkNode): number {
  let n = 0;
  const stack = [...(node.children ?? [])];
  while (stack.length) {
    const next = stack.pop() as BookmarkNode;
    if (next.url) n++;
    if (next.children) stack.push(...next.children);
  }
  return n;
}

const isFolder = (node: BookmarkNode) =>
  !node.url && node.type !== 'separator' && (node.type === 'folder' || node.children !== undefined);

/** Reads `folder` (a node with its children, from getSubTree) into the mirror's view. */
export function readMirror(folder: BookmarkNode): Mirror {
  const mirror: Mirror = {
    folderId: folder.id,
    items: new Map(),
    ignored: [],
    ignoredCounts: {},
    size: 0,
  };
  const ignore = (entry: Ignored) => {
    mirror.ignoredCounts[entry.reason] =
      (mirror.ignoredCounts[entry.reason] ?? 0) + (entry.reason === 'too-many' ? 0 : 1);
    if (mirror.ignored.length < MAX_LISTED || entry.reason === 'too-many') {
      mirror.ignored.push({
        ...entry,
        title: short(entry.title, 80),
        ...(entry.url ? { url: short(entry.url, 120) } : {}),
      });
    }
  };
  let leftOut = 0;
  const take = (node: BookmarkNode, archived: boolean) => {
    const url = node.url ?? '';
    const key = normalizeUrl(url);
    if (!key) {
      ignore({ reason: 'scheme', title: node.title, url });
      return;
    }
    const list = mirror.items.get(key);
    if (list) {
      // The same address twice: merged (plan.ts keeps the oldest).
      list.push(item(node, key, archived));
      return;
    }
    if (mirror.size >= MAX_MIRRORED) {
      leftOut++;
      return;
    }
    mirror.items.set(key, [item(node, key, archived)]);
    mirror.size++;
  };
  for (const child of folder.children ?? []) {
    if (child.url !== undefined && child.type !== 'separator') take(child, false);
    else if (isFolder(child)) {
      if (child.title === ARCHIVE_TITLE && mirror.archiveId === undefined) {
        mirror.archiveId = child.id;
        for (const inner of child.children ?? []) {
          if (inner.url !== undefined && inner.type !== 'separator') take(inner, true);
          else if (isFolder(inner)) {
            ignore({ reason: 'folder', title: inner.title, count: countBookmarks(inner) });
          }
        }
      } else {
        ignore({ reason: 'folder', title: child.title, count: countBookmarks(child) });
      }
    }
  }
  if (leftOut) {
    mirror.ignoredCounts['too-many'] = leftOut;
    ignore({ reason: 'too-many', title: '', count: leftOut });
  }
  return mirror;
}

function item(node: BookmarkNode, key: string, archived: boolean): RemoteItem {
  return {
    bid: node.id,
    key,
    url: node.url ?? '',
    title: node.title ?? '',
    archived,
    dateAdded: node.dateAdded ?? 0,
  };
}
