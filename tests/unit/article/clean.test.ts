// @vitest-environment jsdom
// DOMPurify needs a real DOM implementation: happy-dom drops nodes it should keep.
import { cleanArticleContent } from '@/utils/article/clean';

function cleaned(html: string, title = 'A headline long enough to be a title'): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  cleanArticleContent(root, title);
  return root;
}

const BODY = '<p>The body paragraph stays, with all of its words and its punctuation.</p>';

describe('cleanArticleContent', () => {
  it('removes icon-font elements and glued ligature words', () => {
    const root = cleaned(
      `<p><span class="material-icons">folder_open</span>Politique <i class="material-symbols-outlined">schedule</i> 3 h</p>
       <p>folder_openSyrie access_time depuis 7 années</p><p><i class="fa fa-share"></i> starAJOUTER</p>${BODY}`,
    );
    const text = root.textContent ?? '';
    expect(text).not.toMatch(/folder_open|access_time|schedule|star/);
    expect(text).toContain('Politique');
    expect(text).toContain('Syrie');
    expect(text).toContain('depuis 7 années');
    expect(text).toContain('The body paragraph stays');
  });

  it('keeps ligature-like words inside code and real prose', () => {
    const root = cleaned(`<pre><code>folder_open = open(path)</code></pre><p>A star is born.</p>`);
    expect(root.querySelector('code')?.textContent).toBe('folder_open = open(path)');
    expect(root.textContent).toContain('A star is born.');
  });

  it.each([
    'AJOUTER AUX FAVORIS',
    'Merken',
    'Añadir a favoritos',
    'Aggiungi ai preferiti',
    'Share on Facebook',
    'Partager sur X',
    'Imprimer',
    'В избранное',
    '分享',
  ])('removes the control "%s"', (label) => {
    const root = cleaned(
      `${BODY}<div class="tools"><button>${label}</button></div><a href="#">${label}</a>`,
    );
    expect(root.textContent).not.toContain(label);
    expect(root.textContent).toContain('The body paragraph stays');
  });

  it('removes links to share endpoints whatever their text', () => {
    const root = cleaned(`${BODY}<a href="https://twitter.com/intent/tweet?u=x">𝕏</a>`);
    expect(root.querySelector('a')).toBeNull();
  });

  it('keeps a sentence that merely mentions sharing', () => {
    const root = cleaned('<p>Share prices fell sharply on Monday after the announcement.</p>');
    expect(root.textContent).toContain('Share prices fell');
  });

  it.each([
    'Please Wait...',
    'Loading…',
    'Chargement en cours…',
    'Bitte warten',
    'Cargando...',
    'Загрузка...',
  ])('removes the loading text "%s"', (label) => {
    const root = cleaned(`<div class="loader"><p>${label}</p></div>${BODY}`);
    expect(root.textContent?.trim()).toBe(
      'The body paragraph stays, with all of its words and its punctuation.',
    );
  });

  it.each(['Comments', 'Commentaires', '12 Kommentare', 'Comentarios (3)', 'Leave a Reply'])(
    'removes a trailing comment heading "%s"',
    (label) => {
      const root = cleaned(`${BODY}<h3>${label}</h3><div></div>`);
      expect(root.querySelector('h3')).toBeNull();
    },
  );

  it('keeps a "Comments" heading followed by real text', () => {
    const root = cleaned(
      `${BODY}<h2>Comments</h2><p>This section of the article discusses public comments sent to the regulator.</p>`,
    );
    expect(root.querySelector('h2')?.textContent).toBe('Comments');
  });

  it('removes empty links and headings, and the repeated title at the top', () => {
    const root = cleaned(
      `<h1>A headline long enough to be a title</h1><h2> </h2><p><a href="/x"></a>Text</p>${BODY}<h2>A real subheading</h2>${BODY}`,
    );
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelectorAll('h2')).toHaveLength(1);
    expect(root.querySelector('a')).toBeNull();
  });

  it('keeps figures, tables, lists and words separated by emptied inline boxes', () => {
    const root = cleaned(
      `<figure><img src="https://i.example/a.jpg" alt=""><figcaption>Caption</figcaption></figure>
       <table><tr><td>1</td></tr></table><ul><li>one</li></ul><p>two<span> </span>words</p>`,
    );
    expect(root.querySelector('figure img')).not.toBeNull();
    expect(root.querySelector('figcaption')?.textContent).toBe('Caption');
    expect(root.querySelector('table td')?.textContent).toBe('1');
    expect(root.querySelector('li')?.textContent).toBe('one');
    expect(root.querySelector('p')?.textContent).toBe('two words');
  });
});
