import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_SELECTOR, platformCss } from '../../../utils/cleanup/platform-css';
import {
  COMMENT_GENERIC_SELECTORS,
  COMMENT_PLATFORMS,
  COMMENT_TOKEN,
  COMMENT_TOKEN_EXCLUDE,
  LOADER_CANDIDATE_SELECTOR,
  LOADER_TOKEN,
} from '../../../utils/cleanup/rules';
import { isCommentLabel, isLoadingText } from '../../../utils/cleanup/words';
import { loadFixture } from './fixture';

const fixtures = readdirSync('tests/fixtures/cleanup');

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
      expect(fixtures).toContain(file);
      const { doc } = loadFixture(file);
      expect(doc.querySelector(rule.selectors.join(','))).not.toBeNull();
    },
  );

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
