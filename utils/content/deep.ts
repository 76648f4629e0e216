/**
 * The always-on script's second part: the comment-section finder and the structural page
 * detection, in a script of their own (entrypoints/page-deep.ts) that the background injects
 * into the same isolated world only when a page gives a reason: a comment candidate in it, or
 * metadata that leaves the article verdict open. Most pages never load it. This module holds
 * only the meeting point, so the always-on bundle carries none of the implementation.
 */
import type { PendingDetection, UrlParts } from '../article/detect-signals';
import type { Detection } from '../article/types';
import type { FoldResult, FoldStrings } from '../cleanup/apply';
import type { CommentMatcher } from '../cleanup/comment-matcher';

export interface DeepFoldOptions {
  /** False on a page too large for the text scans: platform widgets only. */
  small: boolean;
  /** The article's root, as the always-on script found it. */
  articleRoot: () => Element | null;
}

export interface DeepApi {
  /** Finishes the detection the always-on script started (detect-structure.ts). */
  finishDetection(doc: Document, url: UrlParts, pending: PendingDetection): Detection;
  /** Finds and folds the page's comment sections; marks platform widgets it left as kept. */
  fold(doc: Document, m: CommentMatcher, strings: FoldStrings, opts: DeepFoldOptions): FoldResult;
}

/** Where the second part puts itself: the isolated world's global, shared by both scripts. */
export const DEEP_KEY = Symbol.for('broadsheet.deep');

export function installedDeep(): DeepApi | undefined {
  return (globalThis as unknown as Record<symbol, DeepApi | undefined>)[DEEP_KEY];
}
