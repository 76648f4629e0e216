import { canRunOn } from '../../../utils/ui/restricted';
import {
  formatTags,
  parseTags,
  tagKey,
  tagStore,
  tagSuggestions,
  uniqueTags,
} from '../../../utils/ui/tags';
import { article, freshStore } from '../favourites/helpers';

describe('tags as the popup edits them', () => {
  it('parses a comma-separated text, dropping empty parts and repeats; markup stays text', () => {
    expect(parseTags(' transport , city hall,, ,Transport')).toEqual(['transport', 'city hall']);
    expect(parseTags('<b>bold</b>, ok')).toEqual(['<b>bold</b>', 'ok']);
    expect(parseTags('')).toEqual([]);
    expect(formatTags(['a', 'b c'])).toBe('a, b c');
  });

  it('tags that differ only in case or accents are one tag', () => {
    expect(tagKey('Économie')).toBe(tagKey('economie'));
    expect(uniqueTags(['Économie', 'economie', 'ÉCONOMIE', 'santé'])).toEqual([
      'Économie',
      'santé',
    ]);
  });

  it('a very long tag is cut, never kept whole', () => {
    const [tag] = parseTags('x'.repeat(10_000));
    expect(tag?.length).toBeLessThanOrEqual(100);
  });

  it('suggests tags in use that complete the part being typed, keeping the parts before', () => {
    const known = ['transport', 'travel', 'Économie', 'city hall'];
    expect(tagSuggestions('river, tr', known)).toEqual(['river, transport', 'river, travel']);
    expect(tagSuggestions('eco', known)).toEqual(['Économie']);
    // Already given: not offered again; typed in full: nothing to complete.
    expect(tagSuggestions('travel, tr', known)).toEqual(['travel, transport']);
    expect(tagSuggestions('transport', known)).toEqual([]);
    expect(tagSuggestions('', known, 2)).toEqual(['transport', 'travel']);
  });
});

describe('tag store adapter (until the store has its own setTags/listTags)', () => {
  it('sets a favourite’s tags, found by search, and lists the tags in use, most used first', async () => {
    const store = freshStore();
    const tags = tagStore(store);
    const a = await store.saveArticle(article({ url: 'https://news.example/a' }));
    const b = await store.saveArticle(article({ url: 'https://news.example/b', title: 'Other' }));
    expect((await tags.setTags(a.id, ['transport', 'Transport', 'city']))?.tags).toEqual([
      'transport',
      'city',
    ]);
    await tags.setTags(b.id, ['city']);
    expect(await tags.listTags()).toEqual(['city', 'transport']);
    expect((await store.getFavourite(a.id))?.tags).toEqual(['transport', 'city']);
    await store.drain();
    expect((await store.search('transport')).items.map((f) => f.id)).toEqual([a.id]);
    // The offline copy is untouched.
    expect((await store.getCopy(a.id))?.text).toContain('council met');
    expect(await tags.setTags('https://news.example/none', ['x'])).toBeNull();
  });

  it('uses the store’s own methods when it has them', async () => {
    const store = freshStore();
    const own = Object.assign(store, {
      setTags: vi.fn(async () => null),
      listTags: vi.fn(async () => [{ tag: 'a', count: 2 }, 'b']),
    });
    const tags = tagStore(own);
    await tags.setTags('id', ['x']);
    expect(own.setTags).toHaveBeenCalledWith('id', ['x']);
    expect(await tags.listTags()).toEqual(['a', 'b']);
  });
});

describe('pages where Broadsheet cannot run', () => {
  it('knows browser pages, other schemes and extension stores', () => {
    for (const url of [
      undefined,
      '',
      'about:blank',
      'chrome://extensions/',
      'chrome-extension://abc/options.html',
      'moz-extension://abc/popup.html',
      'data:text/html,hi',
      'view-source:https://news.example/',
      'file:///home/me/page.html',
      'https://chromewebstore.google.com/detail/x',
      'https://chrome.google.com/webstore/category/extensions',
      'https://addons.mozilla.org/fr/firefox/',
      'https://microsoftedge.microsoft.com/addons/home',
    ]) {
      expect(canRunOn(url), String(url)).toBe(false);
    }
    for (const url of [
      'https://news.example/2026/story',
      'http://127.0.0.1:8080/a.html',
      'https://chrome.google.com/search',
      'https://mozilla.org/addons',
    ]) {
      expect(canRunOn(url), url).toBe(true);
    }
  });
});
