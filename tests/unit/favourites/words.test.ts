import { foldText, queryWords, tokenize, uniqueWords } from '../../../utils/favourites/words';

describe('words', () => {
  it('folds case and accents', () => {
    expect(foldText('Rédaction ÉTÉ Straße Ångström')).toBe('redaction ete strasse angstrom');
  });

  it('tokenizes on letters and digits in many scripts', () => {
    expect(tokenize("L'été 2024, à Zürich!")).toEqual(['l', 'ete', '2024', 'a', 'zurich']);
    expect(tokenize('Новости дня')).toEqual(['новости', 'дня']);
    expect(tokenize('خبر عاجل')).toEqual(['خبر', 'عاجل']);
  });

  it('splits unspaced scripts into character pairs', () => {
    expect(tokenize('東京都')).toEqual(['東京', '京都']);
  });

  it('uniqueWords removes duplicates across texts', () => {
    expect(uniqueWords('The cat', 'the CAT sat', undefined)).toEqual(['the', 'cat', 'sat']);
  });

  it('queryWords are unique, longest first', () => {
    expect(queryWords('la Rédaction la')).toEqual(['redaction', 'la']);
  });
});
