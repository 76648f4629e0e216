// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { extractArticle } from '@/utils/article/extract';
import { removeHiddenParts } from '@/utils/article/prepare';
import { fixture, parse } from './helpers';

const URL_ = new URL('https://slowtide.example/2025/03/02/dinghy/');

/** The page as our content script leaves it: the comment section folded behind our button. */
function folded(): Document {
  const doc = fixture('blog-hidden-furniture.html');
  const comments = doc.getElementById('comments') as HTMLElement;
  comments.setAttribute('data-broadsheet-folded', '');
  comments.style.setProperty('display', 'none', 'important');
  const button = doc.createElement('button');
  button.setAttribute('data-broadsheet-show-comments', '');
  button.textContent = 'Show comments…';
  comments.before(button);
  return doc;
}

describe('removeHiddenParts', () => {
  it('drops our folded sections and buttons, and what the markup hides, from the clone only', () => {
    const doc = parse(`<body><article><p>Visible text of the story.</p>
      <p hidden>Hidden by attribute.</p><div style="display:none"><p>Hidden inline.</p></div>
      <details><summary>More</summary><p>Closed details stay.</p></details>
      <p>Read <span style="display:none">inline word</span> on.</p></article>
      <button data-broadsheet-show-comments>Show comments…</button>
      <section data-broadsheet-folded><p>A folded comment.</p></section></body>`);
    const clone = doc.cloneNode(true) as Document;
    expect(removeHiddenParts(doc, clone)).toBe(4);
    const text = clone.body.textContent ?? '';
    expect(text).toContain('Visible text of the story.');
    expect(text).toContain('Closed details stay.');
    // Inline elements inside a sentence are not ours to judge.
    expect(text).toContain('inline word');
    for (const gone of [
      'Hidden by attribute',
      'Hidden inline',
      'Show comments',
      'folded comment',
    ]) {
      expect(text).not.toContain(gone);
    }
    // The live page is untouched.
    expect(doc.body.textContent).toContain('A folded comment.');
    expect(doc.querySelector('[data-broadsheet-show-comments]')).not.toBeNull();
  });

  it('leaves a page that hides most of its text alone (a loading veil, not furniture)', () => {
    const doc =
      parse(`<body><div style="visibility:hidden"><p>${'The whole story. '.repeat(40)}</p></div>
      <p>Cookie notice.</p></body>`);
    const clone = doc.cloneNode(true) as Document;
    removeHiddenParts(doc, clone);
    expect(clone.body.textContent).toContain('The whole story.');
  });
});

describe('extractArticle on a blog post whose comments we folded', () => {
  const doc = folded();
  const article = extractArticle(doc, URL_);
  const text = article?.textContent ?? '';

  it('reads the post, whole', () => {
    expect(text).toContain('the transom was soft enough to push a thumbnail into');
    expect(text).toContain('every rivet your neighbour');
    expect(article?.wordCount).toBeGreaterThan(1000);
  });

  it('never the folded comment, nor our button', () => {
    expect(text).not.toContain('my father rebuilt a very similar boat');
    expect(text).not.toContain('Show comments');
  });
});

describe('hidden link cards', () => {
  it('drops a hover card hidden after a name (mostly links), keeps the name and hidden prose', () => {
    const doc = parse(`<body><article>
      <p>The bill was proposed by Rep. <span class="person"><a href="/people/ana-ruiz">Ana Ruiz</a><span class="card" style="display:none"><span><img src="/ruiz.jpg" alt=""><a href="/people/ana-ruiz">Ana Ruiz</a><a href="/story/1">Ruiz backs the harbour plan | Council votes on ferries</a> <a href="/story/2">Tram line opens in spring</a></span></span></span> on Monday and passed the same week.</p>
      <p>The rest was quick.<span class="more" style="display:none"><em>Only</em> two members voted against it, both from the eastern wards, where the new line does not run.</span></p>
      </article></body>`);
    const clone = doc.cloneNode(true) as Document;
    removeHiddenParts(doc, clone);
    const text = (clone.body.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Rep. Ana Ruiz on Monday and passed the same week.');
    expect(text).not.toContain('harbour plan');
    expect(text).not.toContain('Tram line');
    // Prose the page keeps behind "Read more" is not a card: it stays.
    expect(text).toContain('two members voted against it');
  });
});
