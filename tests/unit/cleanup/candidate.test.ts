import { describe, expect, it } from 'vitest';
import { hasCommentCandidate } from '../../../utils/cleanup/comment-matcher';
import { commentMatcher } from '../../../utils/cleanup/comments';
import { commentRules } from '../../../utils/cleanup/rules';
import { COMMENT_CASES } from '../../fixtures/cleanup/cases';
import { findComments, loadFixture } from './fixture';

const m = commentMatcher(commentRules());

/** The always-on script loads the comment finder only for pages that pass this test. */
describe('hasCommentCandidate', () => {
  it.each(COMMENT_CASES)('%s: every page the finder folds has a candidate', (file) => {
    const { doc } = loadFixture(file);
    expect(findComments(doc).length).toBeGreaterThan(0);
    expect(hasCommentCandidate(doc, m)).toBe(true);
  });

  it('a page with nothing named, marked up or headed as comments has none', () => {
    const { doc } = loadFixture(
      'x.html',
      '<html><body><h1>Night buses return</h1><h2>What changes</h2><article><p>The city brings back its night buses on four lines from Monday, the council said.</p></article><footer class="site-footer"><a href="/about">About</a></footer></body></html>',
    );
    expect(hasCommentCandidate(doc, m)).toBe(false);
  });

  it('a heading that counts comments in another language is one', () => {
    const { doc } = loadFixture(
      'x.html',
      '<html><body><h1>Titre</h1><p>Texte.</p><h3>12 commentaires</h3><div><p>Bravo.</p></div></body></html>',
    );
    expect(hasCommentCandidate(doc, m)).toBe(true);
  });

  it('in what a page added late: only the added elements are looked at', () => {
    const { doc } = loadFixture(
      'x.html',
      '<html><body><h1>Titre</h1><div id="comments"></div><div id="late"><p>An advert.</p></div><div id="late2"><ol class="comment-list"><li>Hi</li></ol></div></body></html>',
    );
    expect(hasCommentCandidate([doc.getElementById('late') as Element], m)).toBe(false);
    expect(hasCommentCandidate([doc.getElementById('late2') as Element], m)).toBe(true);
  });
});

describe('hasCommentCandidate: names that are no place for comments', () => {
  it('a comment icon, or a class on the body, is no candidate; a named box is', () => {
    const page = (extra: string, bodyClass = '') =>
      loadFixture(
        'x.html',
        `<html><body class="${bodyClass}"><h1>Night buses return</h1><svg><symbol id="icon-comment"><path d="M0 0"/></symbol></svg><article><p>The city brings back its night buses on four lines from Monday.</p></article>${extra}</body></html>`,
      ).doc;
    expect(hasCommentCandidate(page('', 'single comments-open'), m)).toBe(false);
    expect(hasCommentCandidate(page('<div class="post-comments"></div>', 'single'), m)).toBe(true);
  });

  it('in what a page added late: an icon alone is none', () => {
    const { doc } = loadFixture(
      'x.html',
      '<html><body><div id="late"><svg class="comment-icon"><use href="#c"/></svg></div></body></html>',
    );
    expect(hasCommentCandidate([doc.getElementById('late') as Element], m)).toBe(false);
  });
});
