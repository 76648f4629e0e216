/**
 * Our clean-up of what Readability lets through: icon-font ligature words, share / print /
 * "add to favourites" controls, loading text, comment remnants, empty links and headings, and a
 * repeated title. Works in place on the extracted content element (a detached clone).
 * Words are data, in many languages; rules never name a site's classes.
 */

/** Material Icons / Symbols ligature names that news themes print as text. */
export const ICON_LIGATURES = new Set(
  `folder_open folder folder_special access_time access_alarm schedule query_builder watch_later
  update history timer today event date_range calendar_today calendar_month star star_border
  star_outline star_half grade share ios_share bookmark bookmark_border bookmark_add
  bookmarks bookmark_added person person_outline account_circle account_box face group people
  visibility remove_red_eye comment chat chat_bubble chat_bubble_outline forum mode_comment
  sms label label_outline local_offer sell print mail mail_outline email send reply favorite
  favorite_border thumb_up thumb_down thumb_up_off_alt arrow_forward arrow_back arrow_upward
  arrow_downward arrow_right arrow_left arrow_drop_down chevron_right chevron_left expand_more
  expand_less keyboard_arrow_right keyboard_arrow_left keyboard_arrow_down keyboard_arrow_up
  navigate_next navigate_before menu close search home link open_in_new launch play_arrow
  play_circle play_circle_outline play_circle_filled pause photo_camera camera_alt image photo
  photo_library videocam movie location_on place room public language tag more_vert more_horiz
  add remove edit info help notifications volume_up headset format_quote trending_up whatshot
  bolt list description article newspaper attach_file file_download download content_copy`
    .split(/\s+/)
    .filter(Boolean),
);

/** Icon-font containers: Material Icons/Symbols, Font Awesome, Glyphicons, generic icons. */
const ICON_SELECTOR = [
  '[class*="material-icons"]',
  '[class*="material-symbols"]',
  '[class*="icon" i]',
  'i[class*="fa-"]',
  'i.fa',
  'span[class*="fa-"]',
  '[class*="glyph" i]',
].join(', ');

/** Whole texts of controls to drop: share, print, save, bookmark, in many languages. */
export const ACTION_PHRASES = new Set(
  [
    // English
    'share',
    'share this',
    'share article',
    'share this article',
    'share this story',
    'tweet',
    'print',
    'print this',
    'print article',
    'print this article',
    'email',
    'e-mail',
    'email this',
    'save',
    'save article',
    'save for later',
    'read later',
    'bookmark',
    'add to favourites',
    'add to favorites',
    'add to bookmarks',
    'copy link',
    'facebook',
    'twitter',
    'linkedin',
    'whatsapp',
    'pinterest',
    'reddit',
    'telegram',
    'flipboard',
    // French
    'partager',
    'partager cet article',
    'imprimer',
    'imprimer cet article',
    'envoyer',
    'envoyer par e-mail',
    'envoyer par email',
    'ajouter aux favoris',
    'ajouter à mes favoris',
    'favoris',
    'sauvegarder',
    'enregistrer',
    'lire plus tard',
    'copier le lien',
    'tweeter',
    // German
    'teilen',
    'artikel teilen',
    'drucken',
    'artikel drucken',
    'merken',
    'artikel merken',
    'zu favoriten hinzufügen',
    'zu den favoriten',
    'speichern',
    'link kopieren',
    'versenden',
    // Spanish
    'compartir',
    'imprimir',
    'añadir a favoritos',
    'agregar a favoritos',
    'guardar',
    'enviar por correo',
    'copiar enlace',
    // Italian
    'condividi',
    'stampa',
    'aggiungi ai preferiti',
    'salva',
    'copia link',
    // Portuguese
    'compartilhar',
    'partilhar',
    'adicionar aos favoritos',
    'salvar',
    'copiar link',
    // Dutch
    'delen',
    'afdrukken',
    'toevoegen aan favorieten',
    'bewaren',
    'opslaan',
    // Polish, Czech, Turkish, Swedish, Danish, Norwegian, Finnish
    'udostępnij',
    'drukuj',
    'dodaj do ulubionych',
    'sdílet',
    'tisk',
    'vytisknout',
    'paylaş',
    'yazdır',
    'favorilere ekle',
    'kaydet',
    'dela',
    'skriv ut',
    'spara',
    'del',
    'gem',
    'jaa',
    'tulosta',
    'tallenna',
    // Russian, Ukrainian
    'поделиться',
    'печать',
    'распечатать',
    'в избранное',
    'добавить в избранное',
    'сохранить',
    'поширити',
    'друк',
    'додати в обране',
    // Arabic, Hebrew, Persian
    'مشاركة',
    'شارك',
    'طباعة',
    'أضف إلى المفضلة',
    'إضافة إلى المفضلة',
    'حفظ',
    'שתף',
    'הדפס',
    'הוסף למועדפים',
    'اشتراک',
    'چاپ',
    // Chinese, Japanese, Korean
    '分享',
    '打印',
    '收藏',
    '加入收藏',
    '列印',
    '共有',
    '印刷',
    'シェア',
    'お気に入りに追加',
    '保存',
    '공유',
    '공유하기',
    '인쇄',
    '스크랩',
    '즐겨찾기',
  ].map((p) => p.normalize('NFC')),
);

/** Prefixes of share controls: "Share on Facebook", "Partager sur X", "Auf X teilen"… */
const ACTION_PREFIX =
  /^(?:share (?:on|via|to|with)|partager (?:sur|par|via)|teilen (?:auf|per|via)|auf \S+ teilen|compartir (?:en|por)|condividi (?:su|via)|compartilhar (?:no|via)|partilhar (?:no|via)|delen (?:op|via)|поделиться (?:в|через))\b/;

/** Links to share endpoints of social networks and mail, whatever their text. */
const SHARE_HREF =
  /(?:facebook\.com\/(?:sharer|share\.php|dialog\/share)|(?:twitter|x)\.com\/(?:intent|share)|linkedin\.com\/(?:shareArticle|sharing)|api\.whatsapp\.com\/send|wa\.me\/\?|whatsapp:\/\/send|pinterest\.\w+\/pin\/create|reddit\.com\/submit|t\.me\/share|telegram\.me\/share|vk\.com\/share\.php|tumblr\.com\/(?:share|widgets\/share)|getpocket\.com\/(?:save|edit)|flipboard\.com\/bookmarklet|^mailto:\?)/i;

/** Whole texts of stuck loading indicators, in many languages. */
export const LOADING_PHRASES = new Set([
  'please wait',
  'loading',
  'loading please wait',
  'please wait loading',
  'one moment please',
  'chargement',
  'chargement en cours',
  'veuillez patienter',
  'merci de patienter',
  'patientez',
  'bitte warten',
  'wird geladen',
  'lädt',
  'laden',
  'bitte warten lädt',
  'cargando',
  'por favor espere',
  'espere por favor',
  'caricamento',
  'caricamento in corso',
  'attendere prego',
  'attendere',
  'carregando',
  'aguarde',
  'a carregar',
  'even geduld',
  'bezig met laden',
  'ładowanie',
  'proszę czekać',
  'načítání',
  'yükleniyor',
  'lütfen bekleyin',
  'laddar',
  'indlæser',
  'lataa',
  'ladataan',
  'загрузка',
  'пожалуйста подождите',
  'подождите',
  'завантаження',
  'جار التحميل',
  'جاري التحميل',
  'يرجى الانتظار',
  'טוען',
  'אנא המתן',
  '加载中',
  '載入中',
  '请稍候',
  '読み込み中',
  'しばらくお待ちください',
  '로딩 중',
  '로딩중',
  '잠시만 기다려 주세요',
]);

/** Headings that introduce the comment section. */
const COMMENT_HEADING =
  /^(?:\d+\s+)?(?:comments?|commentaires?|réactions?|kommentare?|comentarios?|commenti|comentários|reacties|reacties \(\d+\)|komentarze|komentáře|yorumlar|kommentarer|kommentit|комментарии|коментарі|تعليقات|التعليقات|תגובות|评论|評論|コメント|댓글|leave a (?:comment|reply)|post a comment|add a comment|join the discussion|laisser un commentaire|ajouter un commentaire|réagir|kommentar schreiben|deja un comentario|lascia un commento|deixe um comentário|reader comments|discussion)(?:\s*\(?\d+\)?)?$/;

function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/[.…:!,]+/g, '')
    .trim();
}

/**
 * The element's text when it is at most `limit` characters long, else null, reading no further
 * than needed: the rules below only look at short texts, and most elements hold long ones.
 */
function textUpTo(el: Element, limit: number): string | null {
  // Most elements hold one text node, or none: no walker needed.
  const first = el.firstChild;
  if (!first) return '';
  if (first === el.lastChild && first.nodeType === 3) {
    const data = (first as Text).data;
    return data.length > limit ? null : data;
  }
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 12 /* SHOW_TEXT | SHOW_CDATA_SECTION, as textContent */);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    text += (node as Text).data;
    if (text.length > limit) return null;
  }
  return text;
}

/** 0: no text at all, 1: white space only, 2: some text. Stops at the first visible character. */
function textKind(el: Element): 0 | 1 | 2 {
  const first = el.firstChild;
  if (!first) return 0;
  if (first === el.lastChild && first.nodeType === 3) {
    const data = (first as Text).data;
    return data.trim() ? 2 : data ? 1 : 0;
  }
  const walker = el.ownerDocument.createTreeWalker(
    el,
    12 /* SHOW_TEXT | SHOW_CDATA_SECTION, as textContent */,
  );
  let kind: 0 | 1 = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Text).data;
    if (data.trim()) return 2;
    if (data) kind = 1;
  }
  return kind;
}

function hasMedia(el: Element): boolean {
  return (
    el.matches('img, picture, video, audio, svg, canvas, math, iframe, table, hr, br') ||
    !!el.querySelector('img, picture, video, audio, svg, canvas, math, iframe, table')
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const LIGATURE_WORDS = [...ICON_LIGATURES].sort((a, b) => b.length - a.length).map(escapeRegExp);
/** A snake_case ligature anywhere in a short text, glued to the next word or not. */
const SNAKE_LIGATURE = new RegExp(
  `(^|[^\\p{L}\\p{N}_])(${LIGATURE_WORDS.filter((w) => w.includes('_')).join('|')})(?=\\p{Lu}|[^\\p{L}\\p{N}_]|$)`,
  'gu',
);
/** A one-word ligature glued to the start of a capitalised word: "starAJOUTER" → "AJOUTER". */
const GLUED_LIGATURE = new RegExp(`^(\\s*)(${LIGATURE_WORDS.join('|')})(?=\\p{Lu})`, 'u');

/** Removes icon-font elements and the ligature words they leave in the text. */
export function removeIconLigatures(root: Element): void {
  for (const el of [...root.querySelectorAll(ICON_SELECTOR)]) {
    if (!root.contains(el)) continue;
    if (el.matches('img, picture, video, svg') || el.querySelector('img, picture, video')) continue;
    const text = (el.textContent || '').trim();
    if (!text || ICON_LIGATURES.has(text) || (/^[a-z0-9_]+$/.test(text) && text.includes('_'))) {
      el.remove();
    } else if (/^[a-z0-9_]{1,30}$/.test(text) && el.children.length === 0 && !/\s/.test(text)) {
      // An icon element holding one lower-case token: a ligature we don't know by name.
      if (el.closest('[class*="material" i], i')) el.remove();
    }
  }
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const node of texts) {
    const value = node.data;
    if (value.length > 200) continue;
    const snake = value.includes('_');
    const glued = /^\s*[a-z_]{3,}\p{Lu}/u.test(value);
    if ((!snake && !glued) || node.parentElement?.closest('pre, code')) continue;
    let next = snake ? value.replace(SNAKE_LIGATURE, '$1') : value;
    if (glued) next = next.replace(GLUED_LIGATURE, '$1');
    if (next !== value) node.data = next.replace(/^\s{2,}/, ' ');
  }
}

function isControlText(text: string): boolean {
  const value = normalize(text);
  return ACTION_PHRASES.has(value) || ACTION_PREFIX.test(value);
}

/** Removes share, print, save and bookmark controls, named in many languages. */
export function removeActionControls(root: Element): void {
  for (const a of [...root.querySelectorAll('a[href]')]) {
    if (SHARE_HREF.test(a.getAttribute('href') || '')) a.remove();
  }
  const candidates = root.querySelectorAll(
    'button, a, [role="button"], li, span, div, p, small, ul, aside, section',
  );
  for (const el of [...candidates]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 60);
    if (text === null || el.querySelector('img, picture, video, figure, table')) continue;
    if (isControlText(text)) el.remove();
  }
}

/** Removes stuck "Please wait…" / "Loading…" blocks. */
export function removeLoadingText(root: Element): void {
  for (const el of [
    ...root.querySelectorAll('p, div, span, section, h2, h3, h4, h5, h6, strong'),
  ]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 60);
    if (text === null || hasMedia(el)) continue;
    if (LOADING_PHRASES.has(normalize(text))) el.remove();
  }
}

/** Length of the text after `el` inside `root`, counted up to `limit`. */
function textLengthAfter(root: Element, el: Element, limit: number): number {
  let length = 0;
  for (let node: Node | null = el; node && node !== root; node = node.parentNode) {
    for (let next = node.nextSibling; next; next = next.nextSibling) {
      length += (next.textContent || '').trim().length;
      if (length > limit) return length;
    }
  }
  return length;
}

/** Length of the text before `el` inside `root`, counted up to `limit`. */
function textLengthBefore(root: Element, el: Element, limit: number): number {
  let length = 0;
  for (let node: Node | null = el; node && node !== root; node = node.parentNode) {
    for (let prev = node.previousSibling; prev; prev = prev.previousSibling) {
      length += (prev.textContent || '').trim().length;
      if (length > limit) return length;
    }
  }
  return length;
}

function mediaAfter(root: Element, el: Element): boolean {
  for (const media of root.querySelectorAll('img, picture, video, table, figure')) {
    if (el.compareDocumentPosition(media) & 4 /* FOLLOWING */ && !el.contains(media)) return true;
  }
  return false;
}

/** Removes a comment-section heading left at the end, with nothing after it. */
export function removeCommentRemnants(root: Element): void {
  const headings = root.querySelectorAll('h1, h2, h3, h4, h5, h6, p, div, span, strong, b, a');
  for (const el of [...headings].reverse()) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 60);
    if (text === null || !COMMENT_HEADING.test(normalize(text))) continue;
    if (textLengthAfter(root, el, 40) > 40 || mediaAfter(root, el)) continue;
    let target: Element = el;
    while (
      target.parentElement &&
      target.parentElement !== root &&
      normalize(target.parentElement.textContent || '') === normalize(el.textContent || '')
    ) {
      target = target.parentElement;
    }
    let next = target.nextSibling;
    while (next) {
      const after = next.nextSibling;
      next.remove();
      next = after;
    }
    target.remove();
  }
}

/** Removes links with no text and no image, and headings with no text. */
export function removeEmpty(root: Element): void {
  for (const a of [...root.querySelectorAll('a')]) {
    if (!(a.textContent || '').trim() && !hasMedia(a)) a.remove();
  }
  for (const h of [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')]) {
    if (!(h.textContent || '').trim() && !hasMedia(h)) h.remove();
  }
  // Containers our rules emptied (share bars, icon rows): innermost first.
  const boxes = [...root.querySelectorAll('div, span, p, li, ul, ol, section, aside, small')];
  for (const el of boxes.reverse()) {
    const kind = textKind(el);
    if (kind === 2 || hasMedia(el) || el.querySelector('br, hr')) continue;
    // Keep the space an empty inline box stood for, so words don't run together.
    if (kind === 1) el.replaceWith(el.ownerDocument.createTextNode(' '));
    else el.remove();
  }
}

/** Removes a heading at the top that repeats the article title (the reader shows its own). */
export function removeDuplicateTitle(root: Element, title: string): void {
  const wanted = normalize(title);
  if (!wanted) return;
  const headings = [...root.querySelectorAll('h1, h2, h3')].slice(0, 3);
  for (const h of headings) {
    if (textLengthBefore(root, h, 200) > 200) break;
    const text = normalize(h.textContent || '');
    if (text && (text === wanted || (wanted.startsWith(text) && text.length > 20))) h.remove();
  }
}

/** Every clean-up rule, in the order they depend on each other. */
export function cleanArticleContent(root: Element, title: string): void {
  removeIconLigatures(root);
  removeActionControls(root);
  removeLoadingText(root);
  removeCommentRemnants(root);
  removeDuplicateTitle(root, title);
  removeEmpty(root);
}
