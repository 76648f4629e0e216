import { makeSnippet } from '../../../utils/favourites/snippet';

describe('makeSnippet: words passed over by their first character', () => {
  it('still marks words in any case, with accents, digits or another script first', () => {
    const text =
      'Necole said: ECOLES open, then École des 9arts; Écoles and ecoles too. 9Arts 9artisans Ωmega ωmegas.';
    const marked = (query: string) => {
      const s = makeSnippet(text, query);
      return s?.marks.map(([a, b]) => s.text.slice(a, b)) ?? [];
    };
    expect(marked('ecole')).toEqual(['ECOLES', 'École', 'Écoles', 'ecoles']);
    expect(marked('9ART')).toEqual(['9arts', '9Arts', '9artisans']);
    expect(marked('ωmega')).toEqual(['Ωmega', 'ωmegas']);
    expect(marked('NECOLE said')).toEqual(['Necole', 'said']);
    expect(makeSnippet(text, 'zebra')).toBeNull();
  });
});
