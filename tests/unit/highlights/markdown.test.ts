import type { Highlight } from '@/utils/favourites/types';
import {
  allMarkdown,
  articleMarkdown,
  escapeMarkdown,
  groupByFavourite,
  markdownFileName,
} from '@/utils/highlights/markdown';

const hl = (id: string, fav: string, exact: string, start: number, note?: string): Highlight => ({
  id,
  fav,
  quote: { exact, prefix: '', suffix: '' },
  position: { start, end: start + exact.length },
  colour: 'yellow',
  ...(note ? { note } : {}),
  at: 1000 + start,
  updatedAt: 1000 + start,
});

const ferry = {
  title: 'Island ferry to retire its oldest boat',
  url: 'https://gazette.example/news/ferry (2)',
  site: 'gazette.example',
  siteName: 'The Harbour Gazette',
  byline: 'Tomas Greve',
};

describe('Markdown export', () => {
  test('one article: title, link, then each quote in reading order with its note', () => {
    const md = articleMarkdown({
      article: ferry,
      highlights: [
        hl('b', 'f', 'a second daily crossing', 90, 'Ask about\nthe timetable'),
        hl('a', 'f', 'the Morning Heron would be retired', 10),
      ],
    });
    expect(md).toBe(
      [
        '# Island ferry to retire its oldest boat',
        '',
        '<https://gazette.example/news/ferry%20%282%29> · The Harbour Gazette · Tomas Greve',
        '',
        '> the Morning Heron would be retired',
        '',
        '> a second daily crossing',
        '',
        'Ask about',
        'the timetable',
        '',
      ].join('\n'),
    );
  });

  test('markup in quotes and notes stays text', () => {
    const md = articleMarkdown({
      article: { ...ferry, title: '*Breaking*: <script>x</script>' },
      highlights: [
        hl('a', 'f', 'two lines\n# not a heading', 0, '<b>bold</b> [link](javascript:x) 1. one'),
      ],
    });
    expect(md).toContain('# \\*Breaking\\*: \\<script\\>x\\</script\\>');
    expect(md).toContain('> two lines\n> \\# not a heading');
    expect(md).toContain('\\<b\\>bold\\</b\\> \\[link\\](javascript:x) 1. one');
    expect(md).not.toMatch(/(^|[^\\])<b>/);
  });

  test('a javascript: URL is never made a link', () => {
    const md = articleMarkdown({
      article: { ...ferry, url: 'javascript:alert(1)' },
      highlights: [hl('a', 'f', 'text', 0)],
    });
    expect(md).not.toContain('javascript:');
  });

  test('all at once: one heading per article', () => {
    const groups = [
      { article: ferry, highlights: [hl('a', 'f', 'one', 0)] },
      { article: { ...ferry, title: 'Second story' }, highlights: [hl('b', 'g', 'two', 0)] },
    ];
    const md = allMarkdown(groups, 'Highlights');
    expect(md.startsWith('# Highlights\n')).toBe(true);
    expect(md.match(/^## /gm)?.length).toBe(2);
    expect(md).toContain('## Second story');
  });

  test('escaping and file names', () => {
    expect(escapeMarkdown('- item\n10. ten\nplain_text')).toBe('\\- item\n10\\. ten\nplain\\_text');
    expect(markdownFileName('Île: the ferry / 2026?')).toBe('ile-the-ferry-2026.md');
    expect(markdownFileName('???')).toBe('highlights.md');
  });

  test('grouping keeps the order the groups first come in', () => {
    const groups = groupByFavourite([
      hl('1', 'b', 'x', 0),
      hl('2', 'a', 'y', 0),
      hl('3', 'b', 'z', 5),
    ]);
    expect([...groups.keys()]).toEqual(['b', 'a']);
    expect(groups.get('b')?.map((h) => h.id)).toEqual(['1', '3']);
  });
});
