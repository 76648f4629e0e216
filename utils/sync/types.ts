/**
 * Favourites through the browser's own sync: plain types shared by the mirror (bookmarks), the
 * side channel (storage.sync) and the engine. Nothing here touches a browser API.
 */

/** The mirror folder's title, and its archive sub-folder's (ui-contract.md, Sync). */
export const FOLDER_TITLE = 'Broadsheet';
export const ARCHIVE_TITLE = 'Archive';
/** Bookmarks beyond this many in the folder are left alone (Chrome syncs up to 100 000). */
export const MAX_MIRRORED = 20_000;
/** A favourite's title taken from a bookmark is cut to this many characters. */
export const MAX_TITLE = 1000;

/** A bookmark or folder as chrome.bookmarks / browser.bookmarks hand it over. */
export interface BookmarkNode {
  id: string;
  parentId?: string;
  title: string;
  url?: string;
  dateAdded?: number;
  /** Firefox: 'bookmark' | 'folder' | 'separator'. */
  type?: string;
  /** Chrome 134+: 'bookmarks-bar' | 'other' | 'mobile' | 'managed' on the browser's own folders. */
  folderType?: string;
  unmodifiable?: string;
  children?: BookmarkNode[];
}

/** The part of the bookmarks API the mirror uses (promise-based, as in MV3 and Firefox). */
export interface BookmarksApi {
  get(id: string): Promise<BookmarkNode[]>;
  getTree(): Promise<BookmarkNode[]>;
  getSubTree(id: string): Promise<BookmarkNode[]>;
  search(query: { title?: string; url?: string }): Promise<BookmarkNode[]>;
  create(details: { parentId?: string; title?: string; url?: string }): Promise<BookmarkNode>;
  update(id: string, changes: { title?: string }): Promise<BookmarkNode>;
  move(id: string, destination: { parentId: string }): Promise<BookmarkNode>;
  remove(id: string): Promise<void>;
}

/** Why a bookmark in the folder is not mirrored (it is left where it is, untouched). */
export type IgnoredReason = 'scheme' | 'folder' | 'too-many';

export interface Ignored {
  reason: IgnoredReason;
  /** Its title, shortened for display. */
  title: string;
  /** Its address, shortened for display (absent for folders). */
  url?: string;
  /** For a folder: how many bookmarks are in it; for 'too-many': how many were left out. */
  count?: number;
}

/** A bookmark of the mirror, as the engine sees it. */
export interface RemoteItem {
  /** Bookmark id. */
  bid: string;
  /** The favourite id it stands for: its normalized URL. */
  key: string;
  url: string;
  title: string;
  /** In the archive sub-folder. */
  archived: boolean;
  dateAdded: number;
}

/** A favourite, as the mirror needs it. */
export interface LocalItem {
  id: string;
  url: string;
  title: string;
  archived: boolean;
  savedAt: number;
  updatedAt: number;
  archivedAt?: number;
}

/** What storage.sync carries for one favourite (what a bookmark cannot). */
export interface MetaFields {
  /** Tags. */
  g: string[];
  /** Read (1) or not (0). */
  r: 0 | 1;
  /** Reading progress, in thousandths (0 to 1000). */
  p: number;
}

/**
 * What both sides agreed on after the last merge, per favourite (the base of a three-way
 * merge): which bookmark mirrors it, the favourite's title and the bookmark's title then, and
 * whether it was archived. Without a base entry nothing is ever removed on either side.
 */
export interface BaseEntry {
  /** The favourite id (normalized URL). */
  k: string;
  /** Bookmark id. */
  b: string;
  /** The favourite's title, as last mirrored. */
  lt: string;
  /** The bookmark's title, as last seen. */
  bt: string;
  a: boolean;
  /** The storage.sync fields, as last agreed. */
  m?: MetaFields;
}
