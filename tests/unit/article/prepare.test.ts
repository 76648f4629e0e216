// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { isPlaceholderSrc, keepEmbeddedPosts, prepareDocument } from '@/utils/article/prepare';
import { parse } from './helpers';

describe('prepareDocument', () => {
  it('turns noscript text (scripting-on parse) into the real image', () => {
    const doc = parse('<p>x</p>');
    const holder = doc.createElement('div');
    holder.innerHTML = '<img src="/blank.gif" class="lazy">';
    const noscript = doc.createElement('noscript');
    noscript.textContent = '<img src="/photos/real.jpg" alt="real">';
    holder.append(noscript);
    doc.body.append(holder);
    prepareDocument(doc, new URL('https://n.example/a/b.html'));
    const imgs = doc.querySelectorAll('img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0]?.getAttribute('src')).toBe('https://n.example/photos/real.jpg');
  });

  it('uses data-lazy-src, data-original and picture sources', () => {
    const doc =
      parse(`<img data-lazy-src="a.jpg"><img src="data:image/gif;base64,R0lGOD" data-original="//cdn.example/b.jpg">
      <picture><source data-srcset="c.webp 1x, c2.webp 2x"><img data-src="c.jpg"></picture>`);
    prepareDocument(doc, new URL('https://n.example/dir/'));
    const [a, b, c] = [...doc.querySelectorAll('img')].map((i) => i.getAttribute('src'));
    expect([a, b, c]).toEqual([
      'https://n.example/dir/a.jpg',
      'https://cdn.example/b.jpg',
      'https://n.example/dir/c.jpg',
    ]);
    expect(doc.querySelector('source')?.getAttribute('srcset')).toBe(
      'https://n.example/dir/c.webp 1x, https://n.example/dir/c2.webp 2x',
    );
  });

  it('keeps commas inside srcset URLs (image CDN parameters)', () => {
    const doc = parse(
      '<img src="https://i.example/a.jpg" srcset="/img/c_fill,w_80/a.jpg 80w, /img/c_fill,w_160/a.jpg 160w">',
    );
    prepareDocument(doc, new URL('https://n.example/'));
    expect(doc.querySelector('img')?.getAttribute('srcset')).toBe(
      'https://n.example/img/c_fill,w_80/a.jpg 80w, https://n.example/img/c_fill,w_160/a.jpg 160w',
    );
  });

  it('leaves real images, fragments and mailto links alone', () => {
    const doc = parse(
      '<img src="https://i.example/real.jpg" data-src="other.jpg"><a href="#note">n</a><a href="mailto:a@b.example">m</a>',
    );
    prepareDocument(doc, new URL('https://n.example/'));
    expect(doc.querySelector('img')?.getAttribute('src')).toBe('https://i.example/real.jpg');
    expect(doc.querySelectorAll('a')[0]?.getAttribute('href')).toBe('#note');
    expect(doc.querySelectorAll('a')[1]?.getAttribute('href')).toBe('mailto:a@b.example');
  });

  it('recognises placeholders', () => {
    expect(isPlaceholderSrc('')).toBe(true);
    expect(isPlaceholderSrc('data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toBe(true);
    expect(isPlaceholderSrc('/img/spacer.gif')).toBe(true);
    expect(isPlaceholderSrc('/assets/lazy-placeholder.png')).toBe(true);
    expect(isPlaceholderSrc('https://i.example/2024/photo-of-the-day.jpg')).toBe(false);
  });
});

describe('keepEmbeddedPosts', () => {
  it('takes a quoted post out of wrappers that hold nothing else, and only those', () => {
    const doc = parse(
      '<body><div class="story"><p>Before.</p>' +
        '<div class="social-media-embed"><span class="embed"><blockquote class="twitter-tweet"><p>The post.</p></blockquote><script src="https://x.example/w.js"></script></span></div>' +
        '<div class="share-box"><p>A caption of our own.</p><blockquote class="instagram-media"><p>Another post.</p></blockquote></div>' +
        '</div></body>',
    );
    expect(keepEmbeddedPosts(doc)).toBe(1);
    const story = doc.querySelector('.story');
    expect(story?.querySelector(':scope > blockquote.twitter-tweet')?.textContent).toBe(
      'The post.',
    );
    expect(doc.querySelector('.social-media-embed')).toBeNull();
    // A wrapper with words of its own stays, post and all.
    expect(doc.querySelector('.share-box blockquote.instagram-media')).not.toBeNull();
    expect(doc.querySelector('.share-box')?.textContent).toContain('A caption of our own.');
  });
});
