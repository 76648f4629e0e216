/**
 * An offline copy's images: fetched from the article's own site when it is saved, checked,
 * capped, and stored as blobs beside the copy (store `images`, see db.ts).
 *
 * - Only `http(s)` URLs in the `src` of the sanitized copy's `<img>` elements, and no more than
 *   MAX_IMAGES of them.
 * - Fetched by the extension's own origin (the background, or reader.html), with its host
 *   permission: no cookies or other credentials, no referrer.
 * - Only raster images: the Content-Type must be `image/*` and the first bytes must be those
 *   of a PNG, JPEG, GIF, WebP, AVIF, BMP or ICO file. SVG is refused (an SVG is a document that
 *   can hold script: it is never stored), and so is HTML or anything else.
 * - Each response is read as a stream and aborted past MAX_DOWNLOAD bytes or IMAGE_TIMEOUT_MS;
 *   the whole set stops at TOTAL_TIMEOUT_MS. What is stored stays under TOTAL_CAP bytes per
 *   article: an image over MAX_STORED, or over what is left, is scaled down (createImageBitmap
 *   and OffscreenCanvas, to WebP or JPEG) where the context can, or left out. Every image left
 *   out is listed with its reason, and reader.html says so.
 */
import { toStoreError } from './errors';
import type { FavouritesStore } from './store';
import type { LeftOutReason, StoredImage } from './types';

/** Bytes stored per article, images in all. */
export const TOTAL_CAP = 10 * 1024 * 1024;
/** One image above this is scaled down. */
export const MAX_STORED = 3 * 1024 * 1024;
/** A response is aborted past this many bytes. */
export const MAX_DOWNLOAD = 25 * 1024 * 1024;
/** Images looked at per article. */
export const MAX_IMAGES = 100;
export const IMAGE_TIMEOUT_MS = 15_000;
export const TOTAL_TIMEOUT_MS = 25_000;
/** Images fetched at once. */
const PARALLEL = 4;

export interface LeftOut {
  url: string;
  reason: LeftOutReason;
}

export type FetchedImage = Omit<StoredImage, 'fav'>;

export interface CollectOptions {
  fetch?: typeof fetch;
  totalCap?: number;
  maxStored?: number;
  maxDownload?: number;
  imageTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxImages?: number;
  /** Scales an image down to at most `maxBytes`; null when it cannot. Default: shrinkImage. */
  shrink?: (blob: Blob, maxBytes: number) => Promise<Blob | null>;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : +name.slice(1);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The `src` of every `<img>` in sanitized HTML (as DOMPurify serializes it: attributes in
 * double quotes), http(s) only, each once, in document order. Works without a DOM (the
 * service worker has none).
 */
export function imageUrlsOf(html: string): string[] {
  const out = new Set<string>();
  for (const tag of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = /\ssrc="([^"]*)"/i.exec(tag[0]);
    if (!src) continue;
    const url = decodeEntities(src[1] ?? '').trim();
    if (/^https?:\/\//i.test(url)) out.add(url);
  }
  return [...out];
}

/** The raster type the first bytes say, or null (SVG, HTML, text and unknown bytes). */
export function sniffImageType(b: Uint8Array): string | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((x, j) => b[i + j] === x);
  const ascii = (i: number, s: string) => at(i, ...[...s].map((c) => c.charCodeAt(0)));
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(4, 'ftyp') && (ascii(8, 'avif') || ascii(8, 'avis'))) return 'image/avif';
  if (ascii(0, 'BM') && b.length > 14) return 'image/bmp';
  if (at(0, 0, 0, 1, 0)) return 'image/x-icon';
  return null;
}

class Refused extends Error {
  constructor(readonly reason: LeftOutReason) {
    super(reason);
  }
}

/** The body of `response`, read as a stream, refused past `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new Refused('too-large');
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new Refused('too-large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** One image, fetched and checked: its bytes as a blob of its real type, or why not. */
export async function fetchImage(
  url: string,
  opts: { fetch: typeof fetch; maxDownload: number; timeoutMs: number; signal?: AbortSignal },
): Promise<{ blob: Blob; type: string } | { reason: LeftOutReason }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const stop = () => controller.abort();
  opts.signal?.addEventListener('abort', stop);
  try {
    const response = await opts.fetch(url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'follow',
      signal: controller.signal,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { reason: 'failed' };
    }
    const declared = (response.headers.get('content-type') ?? '').toLowerCase().trim();
    if (declared.startsWith('image/svg')) {
      await response.body?.cancel().catch(() => {});
      return { reason: 'svg' };
    }
    if (!declared.startsWith('image/')) {
      await response.body?.cancel().catch(() => {});
      return { reason: 'not-image' };
    }
    const bytes = await readCapped(response, opts.maxDownload);
    const type = sniffImageType(bytes);
    if (!type) return { reason: /<svg[\s>]/i.test(head(bytes)) ? 'svg' : 'not-image' };
    return { blob: new Blob([bytes as BlobPart], { type }), type };
  } catch (error) {
    if (error instanceof Refused) return { reason: error.reason };
    return { reason: timedOut || opts.signal?.aborted ? 'timeout' : 'failed' };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', stop);
  }
}

function head(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes.subarray(0, 512));
}

/**
 * Scales an image down until it fits in `maxBytes`, as WebP (JPEG where WebP cannot be
 * encoded), with createImageBitmap and OffscreenCanvas: both exist in Chromium's service
 * worker and in Firefox's background page. Null where they do not, or when nothing fits.
 */
export async function shrinkImage(blob: Blob, maxBytes: number): Promise<Blob | null> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    return null;
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return null;
  }
  try {
    for (const side of [2048, 1600, 1200, 800, 480]) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * scale));
      const h = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d');
      if (!ctx) return null;
      ctx.drawImage(bitmap, 0, 0, w, h);
      for (const type of ['image/webp', 'image/jpeg']) {
        const out = await canvas.convertToBlob({ type, quality: 0.82 });
        // A browser that cannot encode the type hands back PNG: try the next one.
        if (out.type === type && out.size <= maxBytes) return out;
      }
    }
    return null;
  } finally {
    bitmap.close();
  }
}

/**
 * The images of sanitized copy `html`, fetched, checked and capped (see the top of this file):
 * what to store, in document order, and what was left out, and why. Never throws.
 */
export async function collectImages(
  html: string,
  opts: CollectOptions = {},
): Promise<{ images: FetchedImage[]; leftOut: LeftOut[] }> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const totalCap = opts.totalCap ?? TOTAL_CAP;
  const maxStored = Math.min(opts.maxStored ?? MAX_STORED, totalCap);
  const shrink = opts.shrink ?? shrinkImage;
  const all = imageUrlsOf(html);
  const maxImages = opts.maxImages ?? MAX_IMAGES;
  const urls = all.slice(0, maxImages);
  const leftOut: LeftOut[] = all.slice(maxImages).map((url) => ({ url, reason: 'too-many' }));
  const everything = new AbortController();
  const deadline = setTimeout(() => everything.abort(), opts.totalTimeoutMs ?? TOTAL_TIMEOUT_MS);
  const results: Awaited<ReturnType<typeof fetchImage>>[] = new Array(urls.length);
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const i = next++;
      results[i] = await fetchImage(urls[i] as string, {
        fetch: doFetch,
        maxDownload: opts.maxDownload ?? MAX_DOWNLOAD,
        timeoutMs: opts.imageTimeoutMs ?? IMAGE_TIMEOUT_MS,
        signal: everything.signal,
      });
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, urls.length) }, worker));
  } finally {
    clearTimeout(deadline);
  }
  const images: FetchedImage[] = [];
  let used = 0;
  for (const [i, url] of urls.entries()) {
    const got = results[i] ?? { reason: 'failed' as const };
    if ('reason' in got) {
      leftOut.push({ url, reason: got.reason });
      continue;
    }
    let { blob, type } = got;
    let scaled = false;
    const room = Math.min(maxStored, totalCap - used);
    if (blob.size > room) {
      const smaller = room > 0 ? await shrink(blob, room).catch(() => null) : null;
      if (!smaller || smaller.size > room) {
        leftOut.push({ url, reason: blob.size > maxStored ? 'too-large' : 'over-cap' });
        continue;
      }
      blob = smaller;
      type = smaller.type;
      scaled = true;
    }
    used += blob.size;
    images.push({ url, blob, type, bytes: blob.size, ...(scaled ? { scaled } : {}) });
  }
  return { images, leftOut };
}

/**
 * Fetches the images of favourite `id`'s copy `html` and stores them, in a transaction of
 * their own: the text copy is already stored and stays whatever happens here. When storage is
 * full they are tried one by one, and those that do not fit are listed as left out ('quota').
 * Resolves to what was left out; never throws.
 */
export async function storeImagesOf(
  store: Pick<FavouritesStore, 'putImages'>,
  id: string,
  html: string,
  opts: CollectOptions = {},
): Promise<LeftOut[] | null> {
  if (!imageUrlsOf(html).length) return [];
  const { images, leftOut } = await collectImages(html, opts);
  const at = Date.now();
  try {
    const wrote = await store.putImages(id, html, images.map(asStored(id)), { leftOut, at });
    return wrote ? leftOut : null;
  } catch (error) {
    if (toStoreError(error).code !== 'quota') return null;
  }
  // Storage is full: as many as fit, in document order; the rest are said to be left out.
  const kept: FetchedImage[] = [];
  const quota: LeftOut[] = [];
  for (const image of images) {
    if (quota.length) {
      quota.push({ url: image.url, reason: 'quota' });
      continue;
    }
    try {
      await store.putImages(id, html, [...kept, image].map(asStored(id)), { leftOut: [], at });
      kept.push(image);
    } catch {
      quota.push({ url: image.url, reason: 'quota' });
    }
  }
  const all = [...leftOut, ...quota];
  try {
    await store.putImages(id, html, kept.map(asStored(id)), { leftOut: all, at });
  } catch {
    // Not even the note fits: reader.html still shows the text, and the images from the site.
  }
  return all;
}

function asStored(fav: string) {
  return (image: FetchedImage): StoredImage => ({ ...image, fav });
}
