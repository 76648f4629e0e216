import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOKEN_SELECTOR } from '../../../utils/cleanup/comment-matcher';
import { PLATFORM_SELECTOR, platformCss } from '../../../utils/cleanup/platform-css';
import {
  COMMENT_GENERIC_SELECTORS,
  COMMENT_PLATFORMS,
  COMMENT_TOKEN,
  COMMENT_TOKEN_EXCLUDE,
  LOADER_CANDIDATE_SELECTOR,
  LOADER_TOKEN,
} from '../../../utils/cleanup/rules';
import { isLoadingText } from '../../../utils/cleanup/words';
import { loadFixture, MATCHER } from './fixture';

const isCommentLabel = (text: string) => MATCHER.labels.is(text);

const fixtures = readdirSync('tests/fixtures/cleanup');

/** Each widget's container as its documentation shows it, for rules without a fixture page. */
const SAMPLES: Record<string, string> = {
  remark42: '<div id="remark42"></div>',
  isso: '<section id="isso-thread" data-title="A post"></section>',
  utterances:
    '<div class="utterances"><iframe class="utterances-frame" title="Comments"></iframe></div>',
  giscus: '<div class="giscus"></div>',
  cusdis: '<div id="cusdis_thread" data-page-id="42"></div>',
  talkyard: '<div class="talkyard-comments" data-discussion-id="a-post"></div>',
  graphcomment: '<div id="graphcomment"></div>',
  intensedebate: '<div id="idc-container"></div>',
  discourse: '<div id="discourse-comments"></div>',
  hypercomments: '<div id="hypercomments_widget"></div>',
  cackle: '<div id="mc-container"></div>',
  vk: '<div id="vk_comments"></div>',
  korea: '<div id="cbox_module"><div class="u_cbox"></div></div>',
};

describe('comment platform rules', () => {
  const all = [
    ...COMMENT_PLATFORMS.flatMap((r) => r.selectors),
    ...COMMENT_GENERIC_SELECTORS,
    LOADER_CANDIDATE_SELECTOR,
  ];

  it.each(all)('selector %s parses', (selector) => {
    expect(() => document.querySelector(selector)).not.toThrow();
  });

  it.each(COMMENT_PLATFORMS.map((r) => [r.name, r] as const))(
    '%s matches its fixture',
    (name, rule) => {
      const file = `platform-${name}.html`;
      const sample = SAMPLES[name];
      if (sample) {
        const { doc } = loadFixture(file, `<!DOCTYPE html><body><main>${sample}</main></body>`);
        expect(doc.querySelector(rule.selectors.join(','))).not.toBeNull();
        return;
      }
      expect(fixtures).toContain(file);
      const { doc } = loadFixture(file);
      expect(doc.querySelector(rule.selectors.join(','))).not.toBeNull();
    },
  );

  it('a sample is only for a rule without a fixture page', () => {
    for (const name of Object.keys(SAMPLES)) {
      expect(fixtures).not.toContain(`platform-${name}.html`);
      expect(COMMENT_PLATFORMS.some((r) => r.name === name)).toBe(true);
    }
  });

  it('matches nothing on the trap pages', () => {
    for (const file of fixtures.filter((f) => f.startsWith('trap-'))) {
      const { doc } = loadFixture(file);
      expect(doc.querySelector(PLATFORM_SELECTOR), file).toBeNull();
    }
  });

  it('builds an early stylesheet that can be switched off and spares kept elements', () => {
    const css = platformCss();
    expect(css).toContain('html:not([data-broadsheet-comments=off])');
    expect(css).toContain(':not([data-broadsheet-keep],[data-broadsheet-keep] *)');
    expect(css).toContain('#disqus_thread');
    expect(css).toMatch(/display:none!important}$/);
  });
});

describe('comment names and words', () => {
  it.each([
    'comments',
    'comment-list',
    'js_replies',
    'pb-f-page-comments',
    'commentlist',
    'kommentare',
    'comentarios-box',
  ])('token %s names a comment area', (token) => {
    expect(COMMENT_TOKEN.test(token) && !COMMENT_TOKEN_EXCLUDE.test(token)).toBe(true);
  });

  it.each(['commentary', 'commentator', 'comment-count', 'comments-link', 'recommended'])(
    'token %s does not',
    (token) => {
      expect(COMMENT_TOKEN.test(token) && !COMMENT_TOKEN_EXCLUDE.test(token)).toBe(false);
    },
  );

  it.each([
    'Comments',
    'Comments (42)',
    '42 comments',
    '1 Comment',
    'No comments:',
    'Leave a Reply',
    'Laisser un commentaire',
    'Réactions (12)',
    'Kommentare',
    'Schreibe einen Kommentar',
    'Comentarios',
    'Commenti (7)',
    'Reacties',
    'Komentarze (23)',
    'Комментарии',
    'التعليقات',
    '评论',
    'コメント',
    '댓글 15',
    'Yorumlar',
    'Comentários',
    'Kommentarer',
    'Kommentit',
    'Σχόλια',
    'תגובות',
    'टिप्पणियाँ',
    '42 comments on “A title”',
    '3 thoughts on “A title”',
    'One Response to “A title”',
    '5 Kommentare zu „Ein Titel“',
    'コメント一覧',
    '网友评论',
    '评论 (12)',
    '댓글 목록',
  ])('%s is a comment label', (label) => {
    expect(isCommentLabel(label)).toBe(true);
  });

  it.each([
    'Comment',
    'Commentary',
    'Regulator opens comment period on new rules for smart meters',
    'How to comment',
    'Most commented',
    'Opinion',
  ])('%s is not', (label) => {
    expect(isCommentLabel(label)).toBe(false);
  });

  it.each([
    'Please Wait...',
    'Loading…',
    'Loading... 45%',
    'Veuillez patienter',
    'Chargement…',
    'Bitte warten',
    'Cargando…',
    'Caricamento…',
    'Even geduld',
    'Aguarde',
    'Proszę czekać',
    'Подождите',
    'يرجى الانتظار',
    'Lädt',
    'Carregando',
    '読み込み中',
    '加载中',
    '로딩 중',
  ])('%s is loading text', (text) => {
    expect(isLoadingText(text)).toBe(true);
  });

  it('does not read an article or a headline as loading text', () => {
    expect(isLoadingText('Night bus network to be extended to the northern suburbs')).toBe(false);
    expect(isLoadingText(`Please wait ${'for the full story, '.repeat(10)}`)).toBe(false);
    expect(isLoadingText('')).toBe(false);
  });

  it.each(['preloader', 'page-loader', 'loader-wrapper', 'pace', 'site-preloader', 'spinner'])(
    'loader token %s',
    (token) => {
      expect(LOADER_TOKEN.test(token)).toBe(true);
    },
  );

  it.each(['lazyload', 'download-link', 'uploader', 'spinoff'])('not a loader token: %s', (t) => {
    expect(LOADER_TOKEN.test(t)).toBe(false);
  });
});

describe('name selectors without the case-insensitive flag', () => {
  const matches = (selector: string, attrs: string) => {
    document.body.innerHTML = `<div ${attrs}></div>`;
    return (document.body.firstElementChild as Element).matches(selector);
  };

  it.each([
    [
      'comment',
      TOKEN_SELECTOR,
      [
        'class="comments"',
        'class="ArticleComments"',
        'id="COMMENTS"',
        'class="commentReplies"',
        'class="Replies"',
        'id="komentar"',
        'class="Kommentare"',
        'class="DiscussionThread"',
        'class="reacties"',
      ],
    ],
    [
      'loader',
      LOADER_CANDIDATE_SELECTOR,
      [
        'id="preloader"',
        'class="isLoading"',
        'id="PAGE_LOADER"',
        'class="Spinner"',
        'id="splash-screen"',
        'class="PleaseWait"',
        'aria-busy="true"',
      ],
    ],
  ])('still find %s names in the casings pages write', (_kind, selector, named) => {
    for (const attrs of named) expect(matches(selector, attrs), attrs).toBe(true);
    expect(matches(selector, 'class="article-body"')).toBe(false);
    expect(selector).not.toMatch(/ i\]/);
  });
});
