import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findArticleRoot } from '../../../utils/cleanup/article-root';
import { COMMENT_CASES as CASES } from '../../fixtures/cleanup/cases';
import { findComments, inside, loadFixture } from './fixture';

describe('findCommentSections', () => {
  it.each(CASES)('%s: finds %s and leaves the article text', (file, expected, body) => {
    const { doc } = loadFixture(file);
    const sections = findComments(doc);
    const target = doc.querySelector(expected);
    expect(target).not.toBeNull();
    expect(sections).toEqual([target]);
    const paragraphs = Array.from(doc.querySelectorAll(`${body} p`));
    expect(paragraphs.length).toBeGreaterThanOrEqual(4);
    for (const p of paragraphs) expect(inside(p, sections)).toBe(false);
    expect(inside(doc.querySelector('h1') as Element, sections)).toBe(false);
  });

  it('folds the comments inside a WordPress-style <article>, not the article', () => {
    const { doc } = loadFixture('comments-de.html');
    const [section] = findComments(doc);
    expect(section?.closest('article')).toBe(doc.querySelector('article'));
    expect(section?.tagName).toBe('SECTION');
  });

  it('keeps an article about a comment period whole, boxes about comments included', () => {
    const { doc } = loadFixture('trap-comment-period.html');
    const sections = findComments(doc);
    const article = doc.querySelector('article') as Element;
    for (const s of sections) {
      expect(article.contains(s)).toBe(false);
      expect(s.contains(article)).toBe(false);
    }
    expect(inside(doc.querySelector('.comment-period-box') as Element, sections)).toBe(false);
    expect(inside(doc.querySelector('.comment-info') as Element, sections)).toBe(false);
  });

  it('keeps an opinion column from a section called "Comment" whole', () => {
    const { doc } = loadFixture('trap-opinion-comment.html');
    expect(findComments(doc)).toEqual([]);
  });

  it.each([
    'trap-loading-chart.html',
    'trap-cookie-consent.html',
    'home-en.html',
    'late-comments.html',
  ])('%s has no comment section', (file) => {
    const { doc } = loadFixture(file);
    expect(findComments(doc)).toEqual([]);
  });

  it('never returns anything that holds the article root', () => {
    const { doc } = loadFixture('platform-wordpress.html');
    const article = doc.querySelector('article') as Element;
    article.id = 'comments';
    article.classList.add('comments');
    const sections = findComments(doc);
    const root = findArticleRoot(doc) as Element;
    expect(root).toBe(doc.querySelector('.article-body'));
    for (const s of sections) expect(s.contains(root)).toBe(false);
  });

  it('skips sections the reader chose to show again', () => {
    const { doc } = loadFixture('platform-wordpress.html');
    doc.querySelector('#comments')?.setAttribute('data-broadsheet-keep', '');
    expect(findComments(doc)).toEqual([]);
  });
});

describe('findArticleRoot', () => {
  it('prefers itemprop=articleBody', () => {
    const { doc } = loadFixture('comments-en.html');
    const body = doc.querySelector('.article-body') as Element;
    body.parentElement?.setAttribute('itemprop', 'articleBody');
    expect(findArticleRoot(doc)).toBe(body.parentElement);
  });

  it('finds the block with the most paragraph text, even split into parts', () => {
    const { doc } = loadFixture('comments-en.html');
    const body = doc.querySelector('.article-body') as Element;
    for (const p of Array.from(body.querySelectorAll('p'))) {
      const part = doc.createElement('div');
      part.className = 'part';
      p.replaceWith(part);
      part.append(p);
    }
    expect(findArticleRoot(doc)).toBe(body);
  });

  it('is null on a page without running text', () => {
    const { doc } = loadFixture('home-en.html');
    expect(findArticleRoot(doc)).toBeNull();
  });
});

describe('comment teasers and empty mounts', () => {
  it('folds a reader-comment teaser in the middle of the article, which links into the thread', () => {
    const { doc } = loadFixture('shape-top-comment.html');
    expect(findComments(doc)).toEqual([doc.querySelector('aside.highlighted-comment')]);
  });

  it('does not take a box that quotes readers but links nowhere in the thread for a teaser', () => {
    const { doc } = loadFixture(
      'x.html',
      loadFixture('shape-top-comment.html').doc.documentElement.outerHTML.replace(
        /#comment-88412|#comments/g,
        '/letters',
      ),
    );
    expect(findComments(doc)).toEqual([]);
  });

  it('folds an empty comment-widget mount after the article, its camelCase id read as words', () => {
    const { doc } = loadFixture('empty-mount.html');
    expect(findComments(doc)).toEqual([doc.getElementById('readerCommentWidget')]);
  });

  it('leaves a mount holding whitespace, or named for something else, alone', () => {
    const html = readFileSync('tests/fixtures/cleanup/empty-mount.html', 'utf8');
    const spaced = loadFixture('x.html', html.replace('style="clear:both;"></div>', '> </div>'));
    expect(findComments(spaced.doc)).toEqual([]);
    const other = loadFixture(
      'x.html',
      html.replace('readerCommentWidget', 'readerCommerceWidget'),
    );
    expect(findComments(other.doc)).toEqual([]);
  });
});
