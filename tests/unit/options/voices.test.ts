import { groupVoices } from '../../../components/options/voices';

const v = (voiceURI: string, name: string, lang: string) => ({ voiceURI, name, lang });

describe('groupVoices', () => {
  it('groups by primary language, UI language first, then by language name', () => {
    const groups = groupVoices(
      [
        v('de1', 'Anna', 'de-DE'),
        v('en2', 'Zoe', 'en-GB'),
        v('fr1', 'Thomas', 'fr-FR'),
        v('en1', 'Alex', 'en-US'),
        v('fr2', 'Amélie', 'fr_CA'),
      ],
      'fr-FR',
    );
    expect(groups.map((g) => g.lang)).toEqual(['fr', 'de', 'en']);
    expect(groups[0]?.label.toLowerCase()).toBe('français');
    expect(groups[1]?.label.toLowerCase()).toBe('allemand');
    expect(groups[0]?.voices.map((x) => x.uri)).toEqual(['fr2', 'fr1']);
    expect(groups[2]?.voices.map((x) => x.name)).toEqual(['Zoe (en-GB)', 'Alex (en-US)']);
  });

  it('drops duplicate and nameless voices and survives an odd language tag', () => {
    const groups = groupVoices(
      [v('a', 'A', 'en-US'), v('a', 'A again', 'en-US'), v('', 'none', 'en'), v('x', 'X', '')],
      'en-US',
    );
    expect(groups.flatMap((g) => g.voices.map((x) => x.uri))).toEqual(['a', 'x']);
  });
});
