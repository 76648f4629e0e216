import {
  MAX_TAG_LENGTH,
  normaliseTag,
  normaliseTags,
  parseTagList,
  tagKey,
  withoutTag,
  withTag,
} from '../../../utils/favourites/tags';
import { freshStore } from './helpers';

describe('tag names', () => {
  it('trims, collapses white space and control characters, rejects empty', () => {
    expect(normaliseTag('  climate   policy \n')).toBe('climate policy');
    expect(normaliseTag('a\u0000\tb')).toBe('a b');
    expect(normaliseTag('')).toBeNull();
    expect(normaliseTag('   \n\t ')).toBeNull();
    expect(normaliseTag('\u200b')).toBeNull();
    expect(normaliseTag(42)).toBeNull();
    expect(normaliseTags(['', ' ', null, 'x'])).toEqual(['x']);
  });

  it('caps a 10 000-character name', () => {
    const name = normaliseTag('é'.repeat(10_000));
    expect(Array.from(name ?? '')).toHaveLength(MAX_TAG_LENGTH);
  });

  it('keeps markup as text', () => {
    expect(normaliseTag('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(normaliseTag('<b>news</b>')).toBe('<b>news</b>');
  });

  it('treats case and accent variants as one tag, keeping the first spelling', () => {
    expect(tagKey('Médias')).toBe(tagKey('MEDIAS'));
    expect(tagKey('Médias')).toBe(tagKey('medias'));
    expect(tagKey('médias')).not.toBe(tagKey('média'));
    expect(normaliseTags(['Médias', 'medias', 'MÉDIAS', 'Politics'])).toEqual([
      'Médias',
      'Politics',
    ]);
    expect(parseTagList('a, B ,, b, c')).toEqual(['a', 'B', 'c']);
    expect(withTag(['Médias'], 'medias')).toEqual(['Médias']);
    expect(withoutTag(['Médias', 'x'], 'MEDIAS')).toEqual(['x']);
  });
});

describe('store: tags', () => {
  it('setTags cleans and keeps the library spelling; listTags counts, A to Z', async () => {
    const store = freshStore();
    const a = await store.saveLink('https://a.example/1', 'One', { now: 1 });
    const b = await store.saveLink('https://b.example/2', 'Two', { now: 2 });
    await store.setTags(a.id, ['Médias', ' politics ', '', 'medias']);
    const tagged = await store.setTags(b.id, ['MEDIAS', '<i>x</i>']);
    // The library already knows "Médias": the same tag, in its first spelling.
    expect(tagged?.tags).toEqual(['Médias', '<i>x</i>']);
    expect(await store.listTags()).toEqual([
      { name: '<i>x</i>', count: 1 },
      { name: 'Médias', count: 2 },
      { name: 'politics', count: 1 },
    ]);
    expect(await store.setTags('https://gone.example/', ['x'])).toBeNull();
    await store.setTags(a.id, []);
    expect(await store.listTags()).toEqual([
      { name: '<i>x</i>', count: 1 },
      { name: 'Médias', count: 1 },
    ]);
    expect((await store.listPage({ tag: 'medias' })).map((f) => f.id)).toEqual([b.id]);
    expect(await store.count({ tag: 'MÉDIAS' })).toBe(1);
    await store.close();
  });

  it('adds and removes a tag on many, renames and deletes one everywhere', async () => {
    const store = freshStore();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await store.saveLink(`https://s${i % 4}.example/${i}`, `T${i}`, { now: i })).id);
    }
    const added = await store.addTag(ids.slice(0, 30), 'Science');
    expect(added.changed).toBe(30);
    expect(await store.count({ tag: 'science' })).toBe(30);
    await store.removeTag(ids.slice(0, 10), 'SCIENCE');
    expect(await store.count({ tag: 'science' })).toBe(20);
    await store.addTag(ids.slice(25), 'Space');
    // Renaming into an existing tag merges them.
    const renamed = await store.renameTag('science', 'Space');
    expect(renamed.changed).toBe(20);
    expect(await store.listTags()).toEqual([{ name: 'Space', count: 30 }]);
    expect(await store.count({ tag: 'science' })).toBe(0);
    // A case-only rename changes the spelling.
    await store.renameTag('space', 'SPACE');
    expect(await store.listTags()).toEqual([{ name: 'SPACE', count: 30 }]);
    expect((await store.getFavourite(ids[12] ?? ''))?.tags).toEqual(['SPACE']);
    const deleted = await store.deleteTag('Space');
    expect(deleted.changed).toBe(30);
    expect(await store.listTags()).toEqual([]);
    // Undo puts every record back.
    await store.undoChange(deleted);
    expect(await store.count({ tag: 'space' })).toBe(30);
    await expect(store.renameTag('space', '   ')).rejects.toThrow();
    await expect(store.addTag(ids, '')).rejects.toThrow();
    await store.close();
  });
});

describe('tag names at the length limit, and keys asked for again', () => {
  it('cuts by characters, not UTF-16 units, whatever was asked before', () => {
    const astral = '😀'.repeat(64);
    expect(normaliseTag(astral)).toBe(astral);
    expect(normaliseTag(`${astral}😀`)).toBe(astral);
    const plain = 'x'.repeat(64);
    expect(normaliseTag(plain)).toBe(plain);
    expect(normaliseTag(`${plain}y`)).toBe(plain);
    // The same key the second time, and for a long name that is not kept.
    for (let round = 0; round < 2; round++) {
      expect(tagKey('  Médias  Locales ')).toBe('medias locales');
      expect(tagKey(`É${'a'.repeat(300)}`)).toBe(`e${'a'.repeat(300)}`);
    }
    // Many names: every key still right.
    for (let i = 0; i < 12_000; i++) expect(tagKey(`Été ${i}`)).toBe(`ete ${i}`);
    expect(tagKey('Été 3')).toBe('ete 3');
  });
});
