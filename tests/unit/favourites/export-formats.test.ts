import { readFileSync } from 'node:fs';
import { exportAll } from '../../../utils/favourites/export';
import { exportAs, toNetscapeHtml, toPocketCsv } from '../../../utils/favourites/export-formats';
import { importFavourites, parseImport } from '../../../utils/favourites/import';
import type { FavouritesStore } from '../../../utils/favourites/store';
import { article, freshStore } from './helpers';

const sanitize = (html: string) => html.replace(/<script[\s\S]*?<\/script>/gi, '');
const opts = { sanitize, now: 1_800_000_000_000 };

/** A small library: tags (accents, spaces), read, archived, both, neither, a link only. */
async function library(): Promise<FavouritesStore> {
  const store = freshStore();
  const a = await store.saveArticle(
    article({ url: 'https://a.example/one', title: 'One, with “quotes” & an ampersand' }),
    { now: 1_700_000_001_000, tags: ['Médias', 'long reads'] },
  );
  const b = await store.saveArticle(article({ url: 'https://b.example/two', title: 'Deux' }), {
    now: 1_700_000_002_000,
    read: true,
  });
  const c = await store.saveLink('https://c.example/three', 'Three & 1 < 2?', {
    now: 1_700_000_003_000,
    tags: ['politics'],
  });
  const d = await store.saveLink('https://d.example/four', 'Four', { now: 1_700_000_004_000 });
  await store.setArchived([b.id, c.id], true);
  await store.setReadMany([c.id], true);
  await store.addTag([a.id, d.id], 'Science');
  return store;
}

/** What must survive a round trip: titles, URLs, tags, read, archived, date saved (s). */
async function summary(store: FavouritesStore) {
  const favs = await store.listPage({ limit: 100 });
  return favs.map((f) => ({
    title: f.title,
    url: f.url,
    tags: [...f.tags].sort(),
    read: f.read,
    archived: f.archived ?? 0,
    savedAt: Math.floor(f.savedAt / 1000),
  }));
}

async function roundTrip(text: string, format: string) {
  const parsed = parseImport(text, opts);
  expect(parsed.error).toBeUndefined();
  expect(parsed.format).toBe(format);
  expect(parsed.rejected).toEqual([]);
  const fresh = freshStore();
  await importFavourites(fresh, parsed.accepted);
  return fresh;
}

describe('exports other tools read, and their round trips', () => {
  it('Netscape bookmarks HTML: escaped, with tags, read and archived', async () => {
    const store = await library();
    const html = toNetscapeHtml(await store.listPage({ limit: 100 }));
    expect(html).toMatch(/^<!DOCTYPE NETSCAPE-Bookmark-file-1>/);
    expect(html).toContain('TAGS="Médias,long reads,Science"');
    expect(html).toContain('One, with “quotes” &amp; an ampersand</A>');
    expect(html).toContain('Three &amp; 1 &lt; 2?</A>');
    const fresh = await roundTrip(html, 'netscape-html');
    expect(await summary(fresh)).toEqual(await summary(store));
    expect(await fresh.listTags()).toEqual(await store.listTags());
  });

  it('Pocket CSV: tags by |, status archive, read column', async () => {
    const store = await library();
    const csv = toPocketCsv(await store.listPage({ limit: 100 }));
    expect(csv.split(/\r?\n/)[0]).toBe('title,url,time_added,tags,status,read');
    expect(csv).toContain('Médias|long reads|Science');
    const fresh = await roundTrip(csv, 'pocket-csv');
    expect(await summary(fresh)).toEqual(await summary(store));
    expect(await fresh.count({ archived: true })).toBe(2);
  });

  it('our JSON: archived and tags too', async () => {
    const store = await library();
    const fresh = await roundTrip((await exportAll(store)).join(''), 'broadsheet-json');
    expect(await summary(fresh)).toEqual(await summary(store));
    expect((await fresh.getCopy('https://a.example/one'))?.text).toContain('council met');
  });

  it('exportAs names and types the files', async () => {
    const store = await library();
    const date = new Date('2026-01-02T03:04:05Z');
    const html = await exportAs(store, 'netscape-html', date);
    expect(html.fileName).toBe('broadsheet-bookmarks-2026-01-02.html');
    expect(html.type).toBe('text/html');
    const csv = await exportAs(store, 'pocket-csv', date);
    expect(csv.fileName).toBe('broadsheet-pocket-2026-01-02.csv');
    expect(csv.text.split('\n').filter(Boolean)).toHaveLength(5);
  });
});

describe('imports: tags from folders, archive from status', () => {
  it('bookmark folders become tags (not the browser’s own top folders)', () => {
    const text = readFileSync('tests/fixtures/import/bookmarks-chrome.html', 'utf8');
    const result = parseImport(text, opts);
    const byTitle = new Map(result.accepted.map((a) => [a.title, a.tags]));
    expect(byTitle.get('Ceasefire talks resume in Geneva')).toEqual([]);
    expect(byTitle.get('Tribune : l’école à l’heure du numérique')).toEqual(['Lecture']);
  });

  it('Pocket CSV status archive imports as archived (and read)', async () => {
    const text = readFileSync('tests/fixtures/import/pocket.csv', 'utf8');
    const result = parseImport(text, opts);
    const archived = result.accepted.filter((a) => a.archived);
    expect(archived.map((a) => a.title)).toContain('Elecciones: lo que hay que saber');
    expect(archived.every((a) => a.read)).toBe(true);
    const store = freshStore();
    await importFavourites(store, result.accepted);
    expect(await store.count({ archived: true })).toBe(archived.length);
    expect((await store.listTags()).map((t) => t.name)).toContain('médias');
  });
});
