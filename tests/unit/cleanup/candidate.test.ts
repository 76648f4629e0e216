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
