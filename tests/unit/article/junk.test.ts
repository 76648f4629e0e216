// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { cleanArticleContent, isControlRow } from '@/utils/article/clean';
import { extractArticle } from '@/utils/article/extract';
import { fixture } from './helpers';

function cleaned(html: string, byline?: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  cleanArticleContent(root, 'A headline long enough to be a title', byline);
  return root;
}

const BODY = '<p>The body paragraph stays, with all of its words and its punctuation.</p>';

describe('junk rules take short non-prose blocks', () => {
  it.each([
    [
      'a print and share row',
      '<div><a href="#"><span>print</span> Imprimer</a> <button>share</button></div>',
    ],
    ['an icon-word favourites row', '<div><span>star</span>AJOUTER AUX FAVORIS</div>'],
    ['a row of network names and counts', '<p>Share: Facebook · Twitter · 12</p>'],
    [
      'a "Lire aussi" teaser',
      '<p>Lire aussi : <a href="/a">Un autre article du même journal</a></p>',
    ],
    [
      'a "Read more:" teaser',
      '<p><strong>Read more:</strong> <a href="/b">Another story, with a comma.</a></p>',
    ],
    ['a "See also" label', '<h3>See also</h3>'],
    ['a newsletter promo', '<p>Sign up for The Morning Loaf, a newsletter about bread.</p>'],
    ['a photo credit line', '<p>Photo: Dana Whitfield</p>'],
    ['a "Photo / Credit" line', '<p>Photo / Credit: Archive</p>'],
    ['a gallery counter', '<p>Image 1 of 8</p>'],
    ['a photo credit with an initial', '<p>Photo: Gene J. Puskar</p>'],
    ['a photographer and agency line', '<div>Lena Marsh | Getty Images</div>'],
    ['an agency alone', '<p><em>Reuters/Tomas Ek</em></p>'],
    [
      "another story's headline in capitals, as a link",
      '<p><strong><a href="/x">FERRY CAPTAIN RETIRES AFTER FORTY YEARS AT SEA</a></strong></p>',
    ],
    ['a "click here" call to action in capitals', '<p>GET THE HARBOUR APP BY CLICKING HERE</p>'],
    ['a "click here" link', '<p><a href="/app">Click here to get our app</a></p>'],
    ['an ad slot label', '<div>Advert</div>'],
    ['an account control', '<div><span tabindex="0">Sign In</span></div>'],
    [
      'a follow-us promo',
      '<p>Follow Harbour Radio on Instagram, Facebook, Twitter and YouTube.</p>',
    ],
    [
      'a channel promo',
      '<p>Subscribe to the Harbour Post YouTube Channel for all of the latest videos!</p>',
    ],
    ['an "Also:" teaser', '<p>Also: <a href="/x">See our coverage of the ferry timetable</a></p>'],
    ['a gallery control', '<p>Caption</p>'],
    ['an ad slot label in German', '<p>Anzeige</p>'],
    ['a no-script note', '<p>This slideshow requires JavaScript.</p>'],
    [
      'an unrendered shortcode',
      '<p>[button link=”https://ferry.example/submit” type=”big”] Send us YOUR review[/button]</p>',
    ],
    [
      'a cookie notice',
      "<p>This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.Accept Read More</p>",
    ],
    [
      'a dated label line',
      '<div><time>PUBLISHED: 10:48, Tue, Nov 19, 2019</time> <time>| UPDATED: 11:05, Tue, Nov 19, 2019</time></div>',
    ],
    ['a French dated label line', '<p>Mis à jour le 3 mars 2025 à 10h12</p>'],
    [
      "a run of other stories' headlines with their labels",
      '<p><a href="/a">Mayor answers critics of the ferry timetable</a> [<strong>INSIGHT]|<br></strong><a href="/b">Harbour walls to be raised before the storms</a><strong> [VIDEO]</strong></p>',
    ],
    [
      'a rail of teaser cards and its heading',
      `<h3>Most read in local news</h3><div class="rail">${[1, 2, 3, 4]
        .map(
          (n) =>
            `<div class="rail-item"><a href="/story/${n}"><img src="https://i.example/${n}.jpg" alt=""></a><h3>KICKER ${n}</h3><span>Teaser headline number ${n}, short</span><a href="/story/${n}"></a></div>`,
        )
        .join('')}</div>`,
    ],
  ])('removes %s', (_, junk) => {
    const root = cleaned(`${BODY}${junk}${BODY}`);
    const stays = 'The body paragraph stays, with all of its words and its punctuation.';
    expect(root.textContent?.trim()).toBe(stays + stays);
  });

  it('removes a credit inside a figure caption and keeps the caption', () => {
    const root = cleaned(
      `<figure><img src="https://i.example/a.jpg" alt=""><figcaption>Boats at dawn.<span>Credit: Agency</span></figcaption></figure>${BODY}`,
    );
    expect(root.querySelector('figcaption')?.textContent).toBe('Boats at dawn.');
  });

  it('reads lines as they show: template indentation and comments do not join or lengthen them', () => {
    const pad = ' '.repeat(240);
    const root = cleaned(
      `<div><div>Boats wait at dawn on the quay.</div><!-- credit.tpl --><span>${pad}Photo: Dana Whitfield, AP${pad}</span></div>` +
        `<div><h2>The quay at dawn</h2><!-- src/templates/author_name.tpl --> <span>Updated <time>1:39 am EST, Wednesday, November 20, 2026</time></span></div>${BODY}`,
    );
    const text = root.textContent ?? '';
    expect(text).toContain('Boats wait at dawn on the quay.');
    expect(text).toContain('The quay at dawn');
    expect(text).not.toContain('Dana Whitfield');
    expect(text).not.toContain('Updated');
  });

  it("removes the page's address a print header prints beside its logo, and keeps the logo", () => {
    const root = cleaned(
      `<div><img src="https://i.example/print-logo.png" alt="print header logo"><span>https://news.example/harbour/ferry-returns-1234.php</span></div>${BODY}`,
    );
    expect(root.textContent).not.toContain('https://news.example');
    expect(root.querySelector('img')).not.toBeNull();
  });

  it('strips a credit in parentheses from the end of a caption, and keeps the caption', () => {
    const root = cleaned(
      `<figure><img src="https://i.example/a.jpg" alt=""><figcaption>Ferries wait at the quay (Image: Agency Photo)</figcaption></figure>${BODY}`,
    );
    expect(root.querySelector('figcaption')?.textContent).toBe('Ferries wait at the quay');
  });

  it('keeps a sentence with "click here", and a heading in capitals that links nowhere', () => {
    const root = cleaned(
      `${BODY}<p>To read the council's report, click <a href="/r">here</a> and scroll to page four.</p><h2>WHAT HAPPENS NEXT FOR THE FERRY</h2>${BODY}`,
    );
    expect(root.textContent).toContain("To read the council's report, click here and scroll");
    expect(root.textContent).toContain('WHAT HAPPENS NEXT FOR THE FERRY');
  });

  it('keeps a sentence that ends with an agency name', () => {
    const root = cleaned(`${BODY}<p>The figures were first reported by Reuters.</p>`);
    expect(root.textContent).toContain('The figures were first reported by Reuters.');
  });

  it('removes the byline repeated as the first block, only there', () => {
    const root = cleaned(`<p>By Hollis Reyes</p>${BODY}<p>Hollis Reyes</p>`, 'Hollis Reyes');
    const text = root.textContent ?? '';
    expect(text).not.toContain('By Hollis Reyes');
    expect(text).toContain('Hollis Reyes');
  });
});

describe('junk rules never take a word of a sentence', () => {
  it('keeps a sentence that mentions commenting, with its bold word', () => {
    const root = cleaned(
      `${BODY}<p>Scroll down, select the option to <strong>comment</strong> and write your response.</p>`,
    );
    expect(root.textContent).toContain(
      'Scroll down, select the option to comment and write your response.',
    );
  });

  it('keeps links named after networks inside a sentence', () => {
    const root = cleaned(
      `${BODY}<p>Visit us on <a href="https://facebook.com/x">Facebook</a>, <a href="https://twitter.com/x">Twitter</a> and Instagram.</p>`,
    );
    expect(root.textContent).toContain('Visit us on Facebook, Twitter and Instagram.');
  });

  it('keeps a "Click To Tweet" quote and drops only its button', () => {
    const root = cleaned(
      `${BODY}<div><a href="https://twitter.com/intent/tweet?text=q">A cold fridge is a starter's best holiday home.</a> <a href="https://twitter.com/intent/tweet?text=q">Click To Tweet</a></div>`,
    );
    expect(root.textContent).toContain("A cold fridge is a starter's best holiday home.");
    expect(root.textContent).not.toContain('Click To Tweet');
  });

  it('keeps the space a whitespace-only link stood for', () => {
    const root = cleaned(`<p>The kitchen is located<a href="/v"> </a>near the mill.</p>`);
    expect(root.textContent).toBe('The kitchen is located near the mill.');
  });

  it.each([
    'Share prices fell on Monday.',
    'Print runs were cut to save paper.',
    'Read more about the mill in our archive, which goes back to 1890.',
  ])('keeps the sentence "%s"', (sentence) => {
    const root = cleaned(`${BODY}<p>${sentence}</p>`);
    expect(root.textContent).toContain(sentence);
  });

  it('keeps a name whose hover card (photo and latest stories) the page printed after it', () => {
    const root = cleaned(
      `${BODY}<p>A man admitted threatening Rep. <span><a href="/people/jo-lane">Jo Lane</a><span><img src="https://i.example/jo.jpg" alt=""><a href="/people/jo-lane">Jo Lane</a><a href="/n/1">Lane asks court for mercy in sentencing of man who threatened her</a> <a href="/n/2">Lane backs the harbour bill</a></span></span> in a phone call.</p>`,
    );
    expect(root.textContent).toContain('A man admitted threatening Rep. Jo Lane in a phone call.');
    expect(root.textContent).not.toContain('asks court');
  });

  it.each([
    'Published in 1998, the guide sold out within a month.',
    'Updated guidance was issued on March 3.',
    'The new portal requires JavaScript, which the library computers cannot run.',
    'The site uses cookies to follow readers, and the regulator told it to stop.',
    '[Applause]',
    'Follow the river on foot for an hour and you reach the mill.',
    'Like many people on Facebook, she shared the photo.',
    'Also, the mayor said the ferry would run on Sundays.',
    'Advertising revenue fell by a third.',
  ])('keeps the line "%s"', (sentence) => {
    const root = cleaned(`${BODY}<p>${sentence}</p>`);
    expect(root.textContent).toContain(sentence);
  });

  it('removes the author box after the article, and only a short one at the end', () => {
    const box =
      '<h3>About the Author</h3><h4>Ines Valk</h4><p>Ines covers the harbour for the Post. Write to her at ines@post.example.</p>';
    const article = BODY.repeat(10);
    expect(cleaned(`${article}${box}`).textContent).not.toContain('About the Author');
    expect(cleaned(`${article}${box}`).textContent).not.toContain('covers the harbour');
    // The article goes on after it: a heading, or more than a biography.
    const on = cleaned(
      `${article}${box}<h2>The ferry comes back next spring</h2>${BODY}`,
    ).textContent;
    expect(on).toContain('covers the harbour');
    const long = cleaned(`${article}${box}${BODY.repeat(20)}`).textContent;
    expect(long).toContain('About the Author');
    // Not after the article: a heading at the top is no author box at the end.
    const first = cleaned(`${box}${BODY.repeat(4)}`).textContent;
    expect(first).toContain('covers the harbour');
  });

  it('keeps a sentence made mostly of links, cards that hold prose, and a gallery', () => {
    const sentence =
      '<p>Read <a href="/r">the council report on the new ferry</a> and <a href="/o">the answer the operator gave to it</a>.</p>';
    const cards = `<div>${[1, 2, 3]
      .map(
        (n) =>
          `<div class="step"><img src="https://i.example/${n}.jpg" alt=""><blockquote>Step ${n} of the crossing, told by the captain.</blockquote><a href="/s/${n}">more</a></div>`,
      )
      .join('')}</div>`;
    const gallery = `<div class="gallery">${[1, 2, 3]
      .map(
        (n) =>
          `<div class="gallery-item"><a href="/wp-content/uploads/quay-${n}.jpg"><img src="https://i.example/q${n}.jpg" alt=""></a><span>The quay in winter, view ${n}</span></div>`,
      )
      .join('')}</div>`;
    const root = cleaned(`${BODY}${sentence}${cards}${gallery}`);
    expect(root.textContent).toContain('The quay in winter, view 3');
    expect(root.textContent).toContain('Read the council report on the new ferry and the answer');
    expect(root.textContent).toContain('Step 3 of the crossing');
  });

  it('tells control rows from sentences', () => {
    expect(isControlRow('print Imprimer')).toBe(true);
    expect(isControlRow('share Facebook Twitter 12')).toBe(true);
    expect(isControlRow('Visit us on Facebook')).toBe(false);
  });
});

describe('extractArticle on pages with junk inside the body', () => {
  it('the French news page: none of the junk, every paragraph', () => {
    const article = extractArticle(
      fixture('junk-in-body-fr.html'),
      new URL('https://courrier.example/a'),
    );
    const text = article?.textContent ?? '';
    for (const junk of [
      'folder_open',
      'access_time',
      'AJOUTER AUX FAVORIS',
      'Imprimer',
      'share',
      'Envoyer',
      'Lire aussi',
      'La saison de la sardine bat',
      'Les quais ensablés',
      'Inscrivez-vous',
      'Crédit',
      'Par Camille Roux',
    ]) {
      expect(text).not.toContain(junk);
    }
    expect(text).toContain('La chambre de commerce a voté mardi');
    expect(text).toContain('La criée au petit matin, avant la première vente.');
    expect(text).toContain('Source : chambre de commerce et rédaction');
  });

  it('the English blog post: its sentences whole, the junk gone', () => {
    const article = extractArticle(
      fixture('prose-like-junk-en.html'),
      new URL('https://crumb.example/a'),
    );
    const text = (article?.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('select the option to comment and write your response.');
    expect(text).toContain(
      'Be sure to visit the bakery cooperative on Facebook, Twitter and Instagram.',
    );
    expect(text).toContain('a cold fridge is its best holiday home.');
    expect(text).toContain('located near the old mill');
    for (const junk of [
      'Click To Tweet',
      'Read also',
      'Sign up for',
      'Photo: Dana',
      'By Hollis Reyes',
    ]) {
      expect(text).not.toContain(junk);
    }
  });
});

describe('furniture around the prose', () => {
  const PROSE =
    '<p>The harbour master said on Tuesday that the new quay would open in spring, a year late.</p>';

  it('removes breadcrumbs, date lines and "By" lines above the first paragraph', () => {
    const root = cleaned(
      `<div><a href="/">Home</a> <a href="/news">News</a></div><p>Updated Nov 19, 6:55 AM</p><p>By Jo Penn - 11/18/19</p>${PROSE}<p>Updated figures follow in 2026.</p>`,
    );
    expect(root.textContent).toBe(
      'The harbour master said on Tuesday that the new quay would open in spring, a year late.Updated figures follow in 2026.',
    );
  });

  it('removes a list of links to other articles and its label, keeps a list of prose', () => {
    const root = cleaned(
      `${PROSE}<h3>You may also like</h3><ul><li><a href="/a">One story</a></li><li><a href="/b">Another story</a></li></ul>${PROSE}<ul><li>Bring <a href="/w">warm clothes</a> and water.</li><li>Arrive early.</li></ul>`,
    );
    const text = root.textContent ?? '';
    expect(text).not.toContain('You may also like');
    expect(text).not.toContain('One story');
    expect(text).toContain('Bring warm clothes and water.');
    expect(text).toContain('Arrive early.');
  });

  it('removes related links and empty headings after the last paragraph, not a source line', () => {
    const root = cleaned(
      `${PROSE}<p>Source: agencies</p><h4>More</h4><p><a href="/c">A third story</a></p>`,
    );
    const text = root.textContent ?? '';
    expect(text).toContain('Source: agencies');
    expect(text).not.toContain('A third story');
  });
});

describe('lists of links elsewhere', () => {
  it('keeps a list of links to other sites (shops, sources) when the page host is known', () => {
    const root = document.createElement('div');
    root.innerHTML = `<p>${'Deals of the day, checked by our editors this morning. '.repeat(3)}</p><ul><li><a href="https://shop.example/a">Get the controller for $40</a></li><li><a href="https://store.example/b">Get the headset for $60</a></li></ul>`;
    cleanArticleContent(root, 'A headline long enough to be a title', undefined, 'news.example');
    expect(root.textContent).toContain('Get the controller for $40');
  });

  it.each([
    ['in-page anchors', '#'],
    ['anchors written in full', 'https://news.example/2026/harbour-guide#'],
  ])('keeps a table of contents (%s), indented as templates indent it', (_, base) => {
    const root = document.createElement('div');
    const item = (id: string, name: string) =>
      `\n          <li>\n            <a href="${base}${id}">${name}</a>\n          </li>`;
    const prose = `<p>${'The harbour guide, from the quay to the lighthouse. '.repeat(3)}</p>`;
    root.innerHTML = `${prose}<ul>${item('quay', 'The quay')}${item('market', 'The fish market')}${item('light', 'The lighthouse')}\n</ul>${prose}`;
    cleanArticleContent(root, 'A headline long enough to be a title', undefined, 'news.example');
    expect(root.textContent).toContain('The fish market');
  });
});

describe('links to the page’s own site, read from elsewhere', () => {
  const PROSE =
    '<p>The harbour master said on Tuesday that the new quay would open in spring, a year late.</p>';
  const related = (label: string) =>
    `${PROSE}<p>${label}</p><p><a href="https://www.daily.example/a/one">One more story about the harbour</a></p><p><a href="https://daily.example/b/two">Another story about the ferries</a></p><p><a href="https://www.daily.example/c/three">A third story, about the tides</a></p>`;

  it('takes the canonical site as the page’s own: its related links go, with their label', () => {
    const root = document.createElement('div');
    root.innerHTML = related('You may also like...');
    // Loaded from a mirror (here loopback), its canonical address on daily.example.
    cleanArticleContent(root, 'A headline long enough to be a title', undefined, [
      '127.0.0.1',
      'www.daily.example',
    ]);
    const text = root.textContent ?? '';
    expect(text).not.toContain('One more story');
    expect(text).not.toContain('A third story');
    expect(text).not.toContain('You may also like');
    expect(text).toContain('the new quay would open in spring');
  });

  it('keeps them when neither the page nor its canonical address is that site', () => {
    const root = document.createElement('div');
    root.innerHTML = related('You may also like...');
    cleanArticleContent(root, 'A headline long enough to be a title', undefined, [
      '127.0.0.1',
      'other.example',
    ]);
    expect(root.textContent).toContain('One more story');
  });

  it('keeps a finished last sentence above the links, and a sign-off line', () => {
    for (const last of ['That is all for now.', '— Ana Ruiz, in Vigo']) {
      const root = document.createElement('div');
      root.innerHTML = related(last);
      cleanArticleContent(root, 'A headline long enough to be a title', undefined, 'daily.example');
      expect(root.textContent).toContain(last);
      expect(root.textContent).not.toContain('Another story');
    }
  });
});
