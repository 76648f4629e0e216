/**
 * Clean-up rules as data: comment platforms, comment words and loading words in many
 * languages, preloader and anti-flicker tokens. Written for Broadsheet from the public facts
 * of how each widget marks up its container; no third-party filter list is copied.
 */

import { casings, containing } from './cased';

export interface PlatformRule {
  /** Short name; the fixture `tests/fixtures/cleanup/platform-<name>.html` shows it. */
  name: string;
  /** CSS selectors of the widget's outer container. */
  selectors: readonly string[];
}

/** Comment platforms whose containers are unambiguous: safe to hide from `document_start`. */
export const COMMENT_PLATFORMS: readonly PlatformRule[] = [
  {
    name: 'disqus',
    selectors: ['#disqus_thread', 'iframe[src*="disqus.com/embed/comments"]', '#dsq-app'],
  },
  {
    name: 'facebook',
    selectors: [
      '.fb-comments',
      '[numposts][href]',
      '[num_posts][href]',
      '[data-numposts][data-href]',
      'iframe[src*="facebook.com/plugins/comments"]',
      'iframe[src*="facebook.com/plugins/feedback"]',
      'iframe[src*="facebook.com/"][src*="/plugins/comments.php"]',
    ],
  },
  {
    name: 'coral',
    selectors: [
      '#coral_thread',
      '#coral-thread',
      'coral-talk',
      '[data-coral]',
      '#coral_talk_stream',
    ],
  },
  {
    name: 'openweb',
    selectors: [
      '[data-spotim-module]',
      '[data-openweb-module]',
      '[class^="spot-im-"]',
      '[id^="spot-im-"]',
      'openweb-conversation',
    ],
  },
  {
    name: 'viafoura',
    selectors: ['.viafoura', 'vf-conversations', 'vf-comments', '#viafoura-comments'],
  },
  { name: 'vuukle', selectors: ['#vuukle-comments', '.vuukle-comments'] },
  { name: 'commento', selectors: ['#commento'] },
  { name: 'hyvor', selectors: ['hyvor-talk-comments', '#hyvor-talk-view'] },
  {
    name: 'livefyre',
    selectors: [
      '.fyre',
      '#livefyre',
      '#livefyre-comments',
      '[id^="livefyreContainer"]',
      '.livefyre',
    ],
  },
  {
    name: 'insticator',
    selectors: ['#insticator-commenting', '[id^="insticator-comment"]', '.insticator-comments'],
  },
  {
    name: 'jetpack',
    selectors: ['#jetpack_remote_comment', 'iframe.jetpack_remote_comment'],
  },
  {
    name: 'wordpress',
    selectors: [
      '#comments.comments-area',
      '.comments-area',
      '#respond.comment-respond',
      'ol.commentlist',
      'ol.comment-list',
      '.wp-block-comments',
      '.wp-block-post-comments',
      '#wpdcom',
    ],
  },
  {
    name: 'drupal',
    selectors: [
      'section.comments',
      '.comment-wrapper',
      '#comment-form',
      'section.comment-section',
      '.field--type-comment',
    ],
  },
  { name: 'blogger', selectors: ['div#comments.comments', '#comment-holder', '#comment-editor'] },
  // Self-hosted and open-source widgets, each mounted on its documented element.
  { name: 'remark42', selectors: ['#remark42'] },
  { name: 'isso', selectors: ['#isso-thread'] },
  { name: 'utterances', selectors: ['.utterances', 'iframe.utterances-frame'] },
  { name: 'giscus', selectors: ['.giscus', 'giscus-widget', 'iframe.giscus-frame'] },
  { name: 'cusdis', selectors: ['#cusdis_thread'] },
  { name: 'talkyard', selectors: ['.talkyard-comments'] },
  { name: 'graphcomment', selectors: ['#graphcomment'] },
  { name: 'intensedebate', selectors: ['#idc-container', '#idc-container-parent'] },
  { name: 'discourse', selectors: ['#discourse-comments', 'iframe#discourse-embed-frame'] },
  { name: 'hypercomments', selectors: ['#hypercomments_widget'] },
  { name: 'cackle', selectors: ['#mc-container'] },
  { name: 'vk', selectors: ['#vk_comments'] },
  // China: Changyan (畅言), Duoshuo, and the widgets of static blogs (Hexo, Hugo themes).
  {
    name: 'china',
    selectors: [
      '#SOHUCS',
      '.ds-thread',
      '#vcomments',
      '#waline',
      '[data-waline]',
      '#tcomment',
      '#twikoo',
      '#artalk',
      '#gitalk-container',
      '.gt-container',
    ],
  },
  // Korea: Naver's comment box and Daum's.
  { name: 'korea', selectors: ['#cbox_module', '.u_cbox', '#alex-area'] },
];

/**
 * Common home-grown containers: checked by the script (never hidden from CSS) because
 * a few sites use these names for other things.
 */
export const COMMENT_GENERIC_SELECTORS: readonly string[] = [
  '#comments',
  '#respond',
  '[data-module="comments"]',
  '[data-component="comments"]',
  '#comment_thread',
  '#comment',
  '.commentlist',
  '.muut',
  '.artalk',
];

/**
 * An id or class token that names a comment area: `comments`, `comment-list`,
 * `js_replies`, `page-comments`, `kommentare`... but not `commentary` or `commentator`.
 */
export const COMMENT_TOKEN =
  /(?:^|[^a-z])(?:comments?(?!ar|at)|commentaires?|kommentar(?:e|er)?|komentarz[ey]?|comentarios?|commenti|reacties|replies|discussion)(?![a-z])|comment(?:list|s?list|area|section|thread|stream|form|respond|container|wrap(?:per)?)/i;

/** Tokens that make a comment-named element a count, link or button rather than a section. */
export const COMMENT_TOKEN_EXCLUDE =
  /count|link|btn|button|icon|toggle|trigger|cta|share|bubble|badge|number|num(?![a-z])|tooltip/i;

/** Comment words per language (plural or mass nouns): a heading that is just one of them. */
export const COMMENT_WORDS: readonly string[] = [
  'comments',
  'reader comments',
  'readers comments',
  'user comments',
  'reactions',
  'responses',
  'discussion',
  'commentaires',
  'réactions',
  'vos réactions',
  'vos commentaires',
  'kommentare',
  'leserkommentare',
  'diskussion',
  'comentarios',
  'commenti',
  'reacties',
  'komentarze',
  'komentáře',
  'hozzászólások',
  'комментарии',
  'коментарі',
  'التعليقات',
  'تعليقات',
  '评论',
  '評論',
  '留言',
  '网友评论',
  '网友留言',
  '评论列表',
  '全部评论',
  '最新评论',
  '热门评论',
  '评论区',
  '評論區',
  '留言板',
  '用户评论',
  '读者评论',
  'コメント',
  'コメント一覧',
  'みんなのコメント',
  '読者コメント',
  'ツッコミ',
  '댓글',
  '댓글 목록',
  '전체 댓글',
  'yorumlar',
  'comentários',
  'kommentarer',
  'kommentit',
  'σχόλια',
  'תגובות',
  'टिप्पणियाँ',
  'टिप्पणियां',
  'bình luận',
  'komentar',
];

/** Singular comment words: a heading made of one of them counts only with a number. */
export const COMMENT_WORDS_SINGULAR: readonly string[] = [
  'comment',
  'commentaire',
  'réaction',
  'kommentar',
  'comentario',
  'commento',
  'reactie',
  'komentarz',
  'комментарий',
  'комментария',
  'комментариев',
  'تعليق',
  'yorum',
  'comentário',
  'kommentti',
  'kommenttia',
  'σχόλιο',
  'תגובה',
  'टिप्पणी',
];

/**
 * Nouns that follow a count in a heading over a blog's comment list: "42 thoughts on “Title”",
 * "One response to “Title”", "12 réactions à « Titre »", "5 Kommentare zu „Titel“".
 */
export const COMMENT_COUNTED: readonly string[] = [
  'comments',
  'comment',
  'thoughts',
  'thought',
  'responses',
  'response',
  'replies',
  'reply',
  'reactions',
  'reaction',
  'commentaires',
  'commentaire',
  'réactions',
  'réaction',
  'réponses',
  'réponse',
  'kommentare',
  'kommentar',
  'antworten',
  'antwort',
  'comentarios',
  'comentario',
  'respuestas',
  'respuesta',
  'commenti',
  'commento',
  'risposte',
  'risposta',
  'reacties',
  'reactie',
  'komentarze',
  'komentarzy',
  'komentarz',
  'comentários',
  'comentário',
  'respostas',
  'resposta',
  'kommentarer',
  'kommentar',
];

/** Words that join such a count to the title ("on", "to", "sur", "zu"...), and "one" words. */
export const COMMENT_JOINS: readonly string[] = [
  'on',
  'to',
  'for',
  'about',
  'sur',
  'à',
  'au',
  'pour',
  'zu',
  'zum',
  'zur',
  'auf',
  'a',
  'en',
  'sobre',
  'para',
  'su',
  'per',
  'op',
  'bij',
  'over',
  'do',
  'na',
  'o',
  'em',
  'til',
  'om',
  'på',
];
export const COMMENT_ONE: readonly string[] = [
  'one',
  'un',
  'une',
  'ein',
  'eine',
  'uno',
  'una',
  'um',
  'uma',
  'een',
  'jeden',
];

/** Invitation phrases used as comment-section headings. */
export const COMMENT_PHRASES: readonly string[] = [
  'leave a reply',
  'leave a comment',
  'post a comment',
  'add a comment',
  'write a comment',
  'join the discussion',
  'join the conversation',
  'show comments',
  'view comments',
  'no comments',
  'post comment',
  'laisser un commentaire',
  'laisser une réponse',
  'réagir',
  'ajouter un commentaire',
  'schreibe einen kommentar',
  'kommentar schreiben',
  'hinterlasse einen kommentar',
  'deja un comentario',
  'deja una respuesta',
  'escribe un comentario',
  'lascia un commento',
  'lascia un commento qui',
  'laat een reactie achter',
  'plaats een reactie',
  'dodaj komentarz',
  'napisz komentarz',
  'оставить комментарий',
  'оставьте комментарий',
  'أضف تعليقا',
  'أضف تعليقاً',
  'اترك تعليقا',
  'اترك تعليقاً',
  '发表评论',
  '發表評論',
  'コメントを残す',
  'コメントを書く',
  '댓글 달기',
  '댓글 쓰기',
  'yorum yap',
  'yorum yaz',
  'deixe um comentário',
  'deixe uma resposta',
  'legg igjen en kommentar',
  'lämna en kommentar',
  'skriv en kommentar',
  'jätä kommentti',
  'αφήστε ένα σχόλιο',
  'הוסף תגובה',
  'כתבו תגובה',
];

/** Class and id words of one comment in a thread (`li.comment`, `div.reply`, `cmt-item`). */
export const COMMENT_ITEM_NAME =
  /comment|repl(?:y|ies)|cmt|kommentar|komentarz|comentario|commento|reacti|respuesta|antwort|post-?item|message/i;

/** The words on a comment's own controls: Reply, Like, Report, in many languages. */
export const COMMENT_CONTROLS: readonly string[] = [
  'reply',
  'respond',
  'answer',
  'like',
  'report',
  'flag',
  'répondre',
  'signaler',
  "j'aime",
  'antworten',
  'melden',
  'responder',
  'denunciar',
  'rispondi',
  'segnala',
  'beantwoorden',
  'reageer',
  'odpowiedz',
  'ответить',
  'пожаловаться',
  '返信',
  '回复',
  '回覆',
  '答复',
  '举报',
  '通報',
  'いいね',
  '답글',
  '좋아요',
  '신고',
];

/**
 * Everything the always-on script needs to know about comments, as plain data: the background
 * hands it over with the UI strings (`page:hello`), so the script's own bundle does not carry
 * the catalogue and it can grow.
 */
export interface CommentRules {
  platforms: readonly string[];
  generic: readonly string[];
  words: readonly string[];
  singular: readonly string[];
  phrases: readonly string[];
  counted: readonly string[];
  joins: readonly string[];
  one: readonly string[];
  /** Regular expression sources (flag `i`): see COMMENT_TOKEN, COMMENT_ITEM_NAME. */
  token: string;
  tokenExclude: string;
  itemName: string;
  /** A control's text that starts with one of COMMENT_CONTROLS. */
  control: string;
}

export function commentRules(): CommentRules {
  return {
    platforms: COMMENT_PLATFORMS.flatMap((r) => r.selectors),
    generic: COMMENT_GENERIC_SELECTORS,
    words: COMMENT_WORDS,
    singular: COMMENT_WORDS_SINGULAR,
    phrases: COMMENT_PHRASES,
    counted: COMMENT_COUNTED,
    joins: COMMENT_JOINS,
    one: COMMENT_ONE,
    token: COMMENT_TOKEN.source,
    tokenExclude: COMMENT_TOKEN_EXCLUDE.source,
    itemName: COMMENT_ITEM_NAME.source,
    control: `^(?:${COMMENT_CONTROLS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
  };
}

/** Loading words in many languages, matched inside short overlay text. */
export const LOADING_WORDS: readonly string[] = [
  'please wait',
  'loading',
  'one moment',
  'veuillez patienter',
  'merci de patienter',
  'chargement',
  'en cours de chargement',
  'bitte warten',
  'wird geladen',
  'lädt',
  'laden',
  'cargando',
  'espere por favor',
  'por favor espere',
  'caricamento',
  'attendere',
  'even geduld',
  'bezig met laden',
  'aguarde',
  'carregando',
  'a carregar',
  'proszę czekać',
  'ładowanie',
  'wczytywanie',
  'подождите',
  'загрузка',
  'зачекайте',
  'завантаження',
  'يرجى الانتظار',
  'جار التحميل',
  'جاري التحميل',
  '読み込み中',
  'ロード中',
  'しばらくお待ちください',
  '加载中',
  '載入中',
  '请稍候',
  '請稍候',
  '로딩',
  '로딩 중',
  '잠시만 기다려',
  'yükleniyor',
  'lütfen bekleyin',
  'laddar',
  'vent venligst',
  'indlæser',
  'laster',
  'ladataan',
  'odota',
  'φόρτωση',
  'παρακαλώ περιμένετε',
  'טוען',
  'נא להמתין',
  'लोड हो रहा है',
  'कृपया प्रतीक्षा करें',
  'đang tải',
  'memuat',
  'načítání',
  'betöltés',
  'se încarcă',
];

/** id/class tokens of page preloaders (only ever acted on for full-viewport overlays). */
export const LOADER_TOKEN =
  /(?:^|[^a-z])(?:pre-?loader|preloading|preload|page-?loader|site-?loader|loader|loading|spinner|pace|splash(?:-?screen)?|please-?wait|wait-?screen|throbber)(?![a-z])/i;

/** Cheap selector that gathers overlay candidates by name before any style is read. */
export const LOADER_CANDIDATE_SELECTOR = [
  containing(['id', 'class'], ['load', 'spin', 'splash', 'wait'].flatMap(casings)),
  '.pace',
  '[aria-busy="true"]',
].join(',');

/** Classes that keep a whole page at `opacity: 0` while an A/B-test script loads. */
export const ANTI_FLICKER_CLASSES: readonly string[] = [
  'async-hide',
  'anti-flicker',
  'optimizely-hide',
  'vwo-hide',
  'abtest-hide',
];

/** `html`/`body` classes that mean "still loading" and often hide or freeze the page. */
export const LOADER_BODY_CLASSES: readonly string[] = [
  'loading',
  'is-loading',
  'page-loading',
  'site-loading',
  'js-loading',
  'preload',
  'preloading',
  'is-preload',
  'not-loaded',
  'no-loaded',
  'loader-active',
  'preloader-active',
];

/** `html`/`body` classes that lock scrolling. */
export const SCROLL_LOCK_CLASSES: readonly string[] = [
  'no-scroll',
  'noscroll',
  'scroll-lock',
  'scroll-locked',
  'overflow-hidden',
  'disable-scroll',
  'stop-scrolling',
];
