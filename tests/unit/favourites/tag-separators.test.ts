import { exportAll } from '../../../utils/favourites/export';
import { toNetscapeHtml, toPocketCsv } from '../../../utils/favourites/export-formats';
import { importFavourites, parseImport } from '../../../utils/favourites/import';
import type { FavouritesStore } from '../../../utils/favourites/store';
import {
  hasTagSeparator,
  normaliseTag,
  normaliseTags,
  parseTagList,
} from '../../../utils/favourites/tags';
import { article, freshStore } from './helpers';

const opts = { sanitize: (html: string) => html, now: 1_800_000_000_000 };

describe('a comma or | separates tags, never belongs to one', () => {
  it('a list splits there; a single name with one is refused', () => {
    expect(normaliseTags(['Rock, paper', 'C|C++', 'plain'])).toEqual([
      'Rock',
      'paper',
      'C',
      'C++',
      'plain',
    ]);
    expect(normaliseTags([' | , '])).toEqual([]);
    expect(parseTagList('to read | climate, long reads')).toEqual([
      'to read',
      'climate',
      'long reads',
    ]);
    expect(normaliseTag('a,b')).toBeNull();
    expect(normaliseTag('a|b')).toBeNull();
    expect(normaliseTag('a b')).toBe('a b');
    expect(hasTagSeparator('semi;colon / slash')).toBe(false);
  });

  it('the store never keeps one, whichever way the tag comes in', async () => {
    const store = freshStore();
    const a = await store.saveArticle(article({ url: 'https://a.example/1' }), {
      tags: ['Rock, paper', 'C|C++'],
    });
    expect(a.tags).toEqual(['Rock', 'paper', 'C', 'C++']);
    const b = await store.setTags(a.id, ['x|y', 'z']);
    expect(b?.tags).toEqual(['x', 'y', 'z']);
    await expect(store.addTag([a.id], 'one, two')).rejects.toMatchObject({ code: 'tag' });
    await expect(store.renameTag('z', 'p|q')).rejects.toMatchObject({ code: 'tag' });
    // Refused means untouched.
    expect((await store.getFavourite(a.id))?.tags).toEqual(['x', 'y', 'z']);
    for (const { name } of await store.listTags()) expect(hasTagSeparator(name)).toBe(false);
  });
});

/** Tags as a file from elsewhere would bring them, into a store; then every export read back. */
async function library(): Promise<FavouritesStore> {
  const store = freshStore();
  // Our own JSON from before the rule, or another app's file, may carry such names.
  const parsed = parseImport(
    JSON.stringify({
      format: 'broadsheet-favourites',
      version: 1,
      favourites: [
        {
          url: 'https://a.example/1',
          title: 'One',
          savedAt: 1_700_000_001_000,
          tags: ['a,b', 'Ça|va'],
        },
        { url: 'https://b.example/2', title: 'Two', savedAt: 1_700_000_002_000, tags: ['x, y, z'] },
      ],
    }),
    opts,
  );
  expect(parsed.error).toBeUndefined();
  await importFavourites(store, parsed.accepted);
  const two = await store.getFavourite('https://b.example/2');
  await store.addTag([two?.id ?? ''], 'semi;colon / slash "quoted"');
  return store;
}

const tagsOf = async (store: FavouritesStore) =>
  (await store.listPage({ limit: 100 })).map((f) => [f.url, [...f.tags].sort()]);

async function readBack(text: string) {
  const parsed = parseImport(text, opts);
  expect(parsed.error).toBeUndefined();
  expect(parsed.rejected).toEqual([]);
  const fresh = freshStore();
  await importFavourites(fresh, parsed.accepted);
  return fresh;
}

describe('every tag comes back whole from every export', () => {
  it('in all three formats we write', async () => {
    const store = await library();
    const want = await tagsOf(store);
    expect(want).toEqual([
      ['https://b.example/2', ['semi;colon / slash "quoted"', 'x', 'y', 'z']],
      ['https://a.example/1', ['a', 'b', 'va', 'Ça']],
    ]);
    const favs = await store.listPage({ limit: 100 });
    for (const text of [
      (await exportAll(store)).join(''),
      toPocketCsv(favs),
      toNetscapeHtml(favs),
    ]) {
      const fresh = await readBack(text);
      expect(await tagsOf(fresh)).toEqual(want);
      expect(await fresh.listTags()).toEqual(await store.listTags());
    }
  });
});
