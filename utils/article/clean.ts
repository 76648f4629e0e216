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
    'tweet this',
    'click to tweet',
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
    // Account controls a site header prints: never the article's words on a line of their own.
    'sign in',
    'sign up',
    'log in',
    'login',
    'log out',
    'my account',
    'subscribe',
    'subscribe now',
    'register',
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
    'se connecter',
    'connexion',
    'mon compte',
    "s'abonner",
    'je m’abonne',
    "je m'abonne",
    'abonnez-vous',
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
    'anmelden',
    'einloggen',
    'abonnieren',
    'mein konto',
    // Spanish
    'compartir',
    'imprimir',
    'añadir a favoritos',
    'agregar a favoritos',
    'guardar',
    'enviar por correo',
    'copiar enlace',
    'iniciar sesión',
    'suscríbete',
    'mi cuenta',
    // Italian
    'condividi',
    'stampa',
    'aggiungi ai preferiti',
    'salva',
    'copia link',
    'accedi',
    'abbonati',
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
 * `text` with its runs of white space made one space, if that brings it within `limit`: a
 * template's indentation ("<span>            Photo: …</span>") does not make a line long.
 */
function withinLimit(text: string, limit: number): string | null {
  const short = text.replace(/\s+/g, ' ');
  return short.length > limit ? null : short;
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
    return data.length <= limit ? data : withinLimit(data, limit);
  }
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 12 /* SHOW_TEXT | SHOW_CDATA_SECTION, as textContent */);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    text += (node as Text).data;
    if (text.length > limit) {
      const short = withinLimit(text, limit);
      if (short === null) return null;
      text = short;
    }
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

/** Elements that make a block of their own: a word inside one of them is part of its line. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'td',
  'th',
  'caption',
  'blockquote',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'pre',
  'table',
  'tr',
  'form',
  'address',
  'details',
  'summary',
]);

function isBlock(el: Element): boolean {
  return BLOCK_TAGS.has(el.localName);
}

/** A node's text as it shows: comments and processing instructions show none. */
function textOf(n: Node): string {
  return n.nodeType === 1 || n.nodeType === 3 ? n.textContent || '' : '';
}

function hasBlockChild(el: Element): boolean {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (isBlock(c)) return true;
  return false;
}

/**
 * The text of the line `el` stands in: its nearest block's text, or, for inline content that
 * sits directly in `root`, the run of inline siblings around it. Null when longer than
 * `limit` (a long line is prose).
 */
function lineText(root: Element, el: Element, limit: number): string | null {
  if (isBlock(el)) return textUpTo(el, limit);
  let top: Element = el;
  while (top.parentElement && top.parentElement !== root && !isBlock(top.parentElement)) {
    top = top.parentElement;
  }
  const parent = top.parentElement;
  // A block holding blocks: its inline content between them makes lines of their own (as
  // CSS lays them out, in anonymous boxes), e.g. a credit after a caption's paragraphs.
  if (parent && parent !== root && !hasBlockChild(parent)) return textUpTo(parent, limit);
  let text: string | null = top.textContent || '';
  // Over the limit only once white space runs are one space (a template's indentation).
  const fits = (t: string) => (t.length > limit ? withinLimit(t, limit) : t);
  for (
    let n = top.previousSibling;
    n && !(n.nodeType === 1 && isBlock(n as Element));
    n = n.previousSibling
  ) {
    text = fits(textOf(n) + text);
    if (text === null) return null;
  }
  for (
    let n = top.nextSibling;
    n && !(n.nodeType === 1 && isBlock(n as Element));
    n = n.nextSibling
  ) {
    text = fits(text + textOf(n));
    if (text === null) return null;
  }
  return fits(text);
}

/** Words a control row is made of besides the action phrases: labels, counts, networks. */
const ROW_WORDS = new Set(
  `instagram youtube tiktok snapchat mastodon threads bluesky x mail sms messenger copy link
  links url comments comment comentarios commentaires kommentare commenti reactions réactions
  likes like views vues shares partages print imprimer share partager tweet facebook twitter
  linkedin whatsapp pinterest reddit telegram flipboard email e-mail envoyer save favoris
  advertisement advert advertising publicité anzeige werbung publicidad pubblicità sponsored
  ad annonce close fermer expand enlarge fullscreen next previous prev suivant précédent
  continue reading below lire la suite read more caption captions légende legende
  bildunterschrift`
    .split(/\s+/)
    .filter(Boolean),
);

const ROW_PHRASES = new Set([...ACTION_PHRASES, ...ICON_LIGATURES, ...ROW_WORDS]);

/**
 * A line made only of controls: action phrases, icon words, network names, counts and
 * separators ("print Imprimer", "share Facebook Twitter 12", "star AJOUTER AUX FAVORIS").
 */
export function isControlRow(text: string): boolean {
  const tokens = text
    .normalize('NFC')
    // Icon words glued to the label after them: "starAJOUTER".
    .replace(/([a-z_])(?=\p{Lu}\p{Lu})/gu, '$1 ')
    .toLowerCase()
    .split(/[\s\u00a0|·•/,:;()[\]–—-]+/u)
    .map((t) => t.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ''))
    .filter(Boolean);
  if (!tokens.length || tokens.length > 16) return false;
  let i = 0;
  let words = 0;
  while (i < tokens.length) {
    if (/^\d+(?:[.,]\d+)?[km]?$/.test(tokens[i] as string)) {
      i++;
      continue;
    }
    let step = 0;
    for (let n = Math.min(5, tokens.length - i); n > 0; n--) {
      if (ROW_PHRASES.has(tokens.slice(i, i + n).join(' '))) {
        step = n;
        break;
      }
    }
    if (!step) return false;
    i += step;
    words++;
  }
  return words > 0;
}

/** A line that is not a sentence: a few words, no sentence punctuation inside or at its end. */
export function isShortNonProse(text: string, maxWords = 12): boolean {
  const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
  if (!value) return true;
  const words = value.split(' ').length;
  if (words > maxWords) return false;
  // An initial ("Gene J. Puskar") is no end of a sentence.
  const stops = value.replace(/(?<![\p{L}\p{N}])\p{Lu}\.(?=\s\p{L})/gu, '');
  return !/[.!?…。！？](?:\s|$)/u.test(stops) || words <= 3;
}

/**
 * Whether `el` (whose own text is a control) stands alone rather than inside a sentence: its
 * line holds nothing but controls. A link or word in prose ("visit us on Facebook, Twitter and
 * Instagram") is never removed.
 */
function standsAlone(root: Element, el: Element): boolean {
  const line = lineText(root, el, 160);
  if (line === null) return false;
  const own = normalize(el.textContent || '');
  const all = normalize(line);
  return all === own || isControlRow(line);
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

/** A share link around prose ("Click To Tweet" quotes), not a control. */
function isSharedQuote(a: Element, text: string | null): boolean {
  return (
    text === null ||
    (!!text.trim() && !isControlText(text) && !isControlRow(text) && !isShortNonProse(text, 4))
  );
}

/**
 * Share links around prose lose the link and keep their words, before Readability judges the
 * page: a pull quote that is one big link reads as a link list to it.
 */
export function unwrapSharedQuotes(root: ParentNode): void {
  for (const a of [...root.querySelectorAll('a[href]')]) {
    if (!SHARE_HREF.test(a.getAttribute('href') || '')) continue;
    if (isSharedQuote(a, textUpTo(a, 60))) a.replaceWith(...a.childNodes);
  }
}

/**
 * Whether `a` ends its line after a finished sentence ("…holiday home. Click To Tweet"): a
 * button appended to the prose, not a word of it.
 */
function endsFinishedLine(root: Element, a: Element): boolean {
  let top: Element = a;
  while (top.parentElement && top.parentElement !== root && !isBlock(top.parentElement)) {
    top = top.parentElement;
  }
  for (let n = top.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === 1 && isBlock(n as Element)) break;
    if ((n.textContent || '').trim()) return false;
  }
  let before = '';
  for (let n = top.previousSibling; n; n = n.previousSibling) {
    if (n.nodeType === 1 && isBlock(n as Element)) break;
    before = (n.textContent || '') + before;
    if (before.trim()) break;
  }
  return /[.!?…"”»)]\s*$/u.test(before);
}

/** Removes share, print, save and bookmark controls, named in many languages. */
export function removeActionControls(root: Element): void {
  const unwrap: Element[] = [];
  const remove: Element[] = [];
  for (const a of [...root.querySelectorAll('a[href]')]) {
    if (!SHARE_HREF.test(a.getAttribute('href') || '')) continue;
    const text = textUpTo(a, 60);
    if (isSharedQuote(a, text)) unwrap.push(a);
    // An icon or a "Tweet" button: a control, unless it is a word of a sentence.
    else if (!text?.trim() || standsAlone(root, a) || endsFinishedLine(root, a)) remove.push(a);
  }
  for (const a of remove) a.remove();
  // The words stay, the link goes.
  for (const a of unwrap) a.replaceWith(...a.childNodes);
  const candidates = root.querySelectorAll(
    'button, a, [role="button"], li, span, div, p, small, ul, aside, section',
  );
  for (const el of [...candidates]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 120);
    if (text === null || el.querySelector('img, picture, video, figure, table')) continue;
    const control = text.length <= 60 && isControlText(text);
    if (!control && !(isBlock(el) && isControlRow(text))) continue;
    if (standsAlone(root, el)) el.remove();
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
    if (LOADING_PHRASES.has(normalize(text)) && standsAlone(root, el)) el.remove();
  }
}

/** Length of the text after `el` inside `root` (spaces aside), counted up to `limit`. */
function textLengthAfter(root: Element, el: Element, limit: number): number {
  let length = 0;
  for (let node: Node | null = el; node && node !== root; node = node.parentNode) {
    for (let next = node.nextSibling; next; next = next.nextSibling) {
      length += compactLength(textOf(next));
      if (length > limit) return length;
    }
  }
  return length;
}

/** Length of the text before `el` inside `root` (spaces aside), counted up to `limit`. */
function textLengthBefore(root: Element, el: Element, limit: number): number {
  let length = 0;
  for (let node: Node | null = el; node && node !== root; node = node.parentNode) {
    for (let prev = node.previousSibling; prev; prev = prev.previousSibling) {
      length += compactLength(textOf(prev));
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
    // A word of a sentence ("select the option to <b>comment</b>") is not a heading.
    if (normalize(lineText(root, el, 80) ?? '') !== normalize(text)) continue;
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
    if (hasMedia(a)) continue;
    const kind = textKind(a);
    // A link holding only a space stood between two words: the space stays.
    if (kind === 1) a.replaceWith(a.ownerDocument.createTextNode(' '));
    else if (kind === 0) a.remove();
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

/** How a teaser for another article opens: "Lire aussi :", "Read more:", "See also"… */
const TEASER_PREFIX =
  /^(?:à lire aussi|a lire aussi|lire aussi|lire également|à lire également|voir aussi|à voir aussi|à découvrir|read also|read more|also read|also|see also|see more|related|related articles?|related stories|related coverage|more on this|more on this story|more from|more|don't miss|do not miss|you may also like|you might also like|recommended|lesen sie auch|lesen sie mehr|auch interessant|mehr zum thema|leer más|lee también|lea también|te puede interesar|leggi anche|vedi anche|leia também|veja também|lees ook|zie ook|czytaj też|czytaj także|читайте также|смотрите также)\b\s*(?:[:：»>|–—-]|\.{3}|…|$)/u;

/** Text inside links under `el`, counted up to `limit`. */
function linkTextLength(el: Element): number {
  let n = 0;
  for (const a of el.querySelectorAll('a')) n += (a.textContent || '').replace(/\s+/g, '').length;
  return n;
}

function compactLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/**
 * Removes teasers for other articles: a short block that opens with "Lire aussi", "Read more",
 * "See also"… and is, for the rest, a link (or nothing: the label over a list of links).
 */
export function removeTeasers(root: Element): void {
  for (const el of [
    ...root.querySelectorAll('p, div, li, aside, section, h2, h3, h4, h5, h6, strong'),
  ]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 300);
    if (text === null || hasMedia(el)) continue;
    const value = text
      .replace(/[\s\u00a0]+/g, ' ')
      .trim()
      .toLowerCase();
    const prefix = TEASER_PREFIX.exec(value);
    if (!prefix) continue;
    const rest = compactLength(value.slice(prefix[0].length));
    const links = linkTextLength(el);
    const label = rest === 0 && isShortNonProse(text, 6);
    if (!label && !(rest > 0 && links >= rest * 0.6)) continue;
    if (normalize(lineText(root, el, 300) ?? '') !== normalize(text)) continue;
    el.remove();
  }
}

/** Whether most of a text's letters are capitals (a shouted headline or call to action). */
function isShouted(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper >= 0.85 * letters.length;
}

const CALL_TO_ACTION = /\b(?:click|tap)(?:ing)?\s+here\b|\bcliquez ici\b|\bhier klicken\b/iu;

/**
 * Removes other stories' headlines and calls to action set between paragraphs: a short line
 * that is a link written in capitals ("SEAN SPICER ELIMINATED FROM THE SHOW"), or a "click
 * here" line that is a link or in capitals ("GET THE APP BY CLICKING HERE"). Capitals or a
 * link are what a sentence of the article is not.
 */
export function removeShoutedLinks(root: Element): void {
  for (const el of [...root.querySelectorAll('p, div, h2, h3, h4, h5, h6, strong')]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 240);
    if (text === null || hasMedia(el) || !text.trim()) continue;
    const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
    if (value.split(' ').length > 20) continue;
    const linked = linkShare(el, text) >= 0.9;
    const shouted = isShouted(value);
    const headline = linked && shouted && value.split(' ').length >= 4;
    const action = CALL_TO_ACTION.test(value) && (linked || shouted);
    if (!headline && !action) continue;
    if (normalize(lineText(root, el, 240) ?? '') !== normalize(text)) continue;
    el.remove();
  }
}

/** "Sign up for …, our newsletter", "Subscribe to our newsletters", "Abonnez-vous à …". */
const PROMO =
  /^(?:sign up|signup|subscribe|register|get|join|want|inscrivez-vous|abonnez-vous|recevez|inscris-toi|melden sie sich|abonnieren sie|suscríbete|suscribete|iscriviti|assine|inscreva-se|schrijf je in|meld je aan)\b.{0,200}\b(?:newsletters?|lettre d['’]information|infolettre|inbox|briefing|boletín|boletin|nieuwsbrief)\b/iu;

/**
 * "Follow us on Instagram, Facebook and YouTube", "Subscribe to our YouTube channel", "Suivez-nous
 * sur Twitter": a call to follow the site elsewhere, on a line of its own.
 */
const FOLLOW =
  /^(?:follow|subscribe to|join|suivez|abonnez-vous à|folgen sie|abonnieren sie|síguenos|sigue|seguici|siga)\b.{0,120}\b(?:on|sur|auf|en|su|no|in)\s+(?:instagram|facebook|twitter|x|youtube|tiktok|linkedin|threads|bluesky|mastodon|whatsapp|telegram|apple podcasts|spotify)\b|^subscribe to\b.{0,80}\b(?:youtube|podcast)\b/iu;

/** Removes newsletter sign-up promos: one short block, nothing else in its line. */
export function removePromos(root: Element): void {
  for (const el of [
    ...root.querySelectorAll('p, div, aside, section, li, h2, h3, h4, strong, em'),
  ]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 280);
    if (text === null || hasMedia(el)) continue;
    const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
    const words = value.split(' ').length;
    if (!((PROMO.test(value) && words <= 40) || (FOLLOW.test(value) && words <= 25))) continue;
    if (normalize(lineText(root, el, 280) ?? '') !== normalize(text)) continue;
    el.remove();
  }
}

/** A photo credit line: "Photo: …", "Photo / Credit …", "Credit: …", "© …", "Image copyright …". */
const CREDIT =
  /^(?:\(?\s*(?:photos?|photograph(?:y|ed by)?|pictures?|images?|credits?|photo credits?|image credits?|crédits?(?: photo)?|foto(?:s|grafie)?|bild(?:er)?|fotó|illustration|vidéo|video)\s*(?:[:/|©]|by\b|credit\b)|©|\(c\)\s|copyright\b|image copyright\b|image caption\b)/iu;

/** A gallery's counter: "Image 1 of 8", "Photo 3 / 12", "Slide 2 sur 5". */
const GALLERY_COUNTER =
  /^(?:image|photo|picture|slide|foto|bild|diapositive)s?\s+\d+\s*(?:of|\/|sur|von|de|di|z)\s*\/?\s*\d*$/iu;

/**
 * A line that is a photographer and an agency, or the agency alone: "Getty Images", "Jane Doe |
 * Getty Images", "Jane Doe / AFP", "Reuters/Jane Doe", "AP Photo/Jane Doe". Short, no sentence.
 */
const AGENCY_CREDIT =
  /(?:^|[\s|/,(])(?:getty(?: images)?|afp|reuters|ap(?: photo)?|associated press|epa(?:-efe)?|shutterstock|istock(?:photo)?|alamy|pa(?: images| wire)?|dpa|anp|ansa|efe|keystone|sipa|abaca|xinhua|zuma(?: press)?|bloomberg|nurphoto|imago)(?:\s*(?:via|\/)[^|]{0,40})?\s*\)?$/iu;

/** A credit inside a caption, in parentheses at its end: "… the harbour (Image: Agency)". */
const CAPTION_CREDIT =
  /\s*\(\s*(?:photos?|images?|pictures?|credits?|fotos?|bild)\s*:\s*[^()]{1,60}\)\s*$/iu;

function isCredit(text: string): boolean {
  const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
  if (GALLERY_COUNTER.test(value)) return true;
  if (!value || value.split(' ').length > 14 || !isShortNonProse(value, 14)) return false;
  return CREDIT.test(value) || (value.split(' ').length <= 8 && AGENCY_CREDIT.test(value));
}

/** Strips a parenthesised credit from the end of each figure caption's text. */
function removeCaptionCredits(root: Element): void {
  for (const cap of root.querySelectorAll('figcaption, .caption')) {
    const last = lastTextNode(cap);
    if (!last?.nodeValue || !CAPTION_CREDIT.test(last.nodeValue)) continue;
    last.nodeValue = last.nodeValue.replace(CAPTION_CREDIT, '');
  }
}

function lastTextNode(el: Element): Text | null {
  for (let n: Node | null = el.lastChild; n; n = n.lastChild ?? n.previousSibling) {
    if (n.nodeType === 3) {
      if ((n.nodeValue ?? '').trim()) return n as Text;
      if (!n.previousSibling) return null;
      continue;
    }
    if (n.nodeType !== 1) return null;
    if (!n.lastChild) return null;
  }
  return null;
}

/**
 * Removes photo credit lines standing as blocks of their own, and credits inside a figure's
 * caption ("…the harbourCredit: Agency"): the caption's own words stay.
 */
export function removeCredits(root: Element): void {
  removeCaptionCredits(root);
  for (const el of [
    ...root.querySelectorAll('p, div, span, small, em, cite, figcaption, i, b, strong'),
  ]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 200);
    if (text === null || hasMedia(el) || !isCredit(text)) continue;
    if (
      el.closest('figure, figcaption') ||
      normalize(lineText(root, el, 200) ?? '') === normalize(text)
    ) {
      el.remove();
    }
  }
}

const BYLINE_LEAD = /^(?:by|par|von|por|di|door|av|af|przez|от|de)\s+/iu;

/**
 * Removes the byline repeated as a first block ("By Jane Doe", "Par Jean Dupont, 3 mars"):
 * the reader shows the byline in its own header.
 */
export function removeDuplicateByline(root: Element, byline: string | undefined): void {
  const wanted = normalize(byline?.replace(BYLINE_LEAD, '') ?? '');
  if (!wanted || wanted.length < 3) return;
  let seen = 0;
  for (const el of root.querySelectorAll('p, div, span, address, h2, h3, h4, h5, h6, li')) {
    const text = textUpTo(el, 200);
    if (text === null) {
      if (el.localName === 'p') break;
      continue;
    }
    const value = normalize(
      text
        .replace(/[\s\u00a0]+/g, ' ')
        .trim()
        .replace(BYLINE_LEAD, ''),
    );
    if (value && (value === wanted || (value.startsWith(wanted) && isShortNonProse(text, 16)))) {
      if (normalize(lineText(root, el, 200) ?? '') === normalize(text)) {
        el.remove();
        return;
      }
    }
    if (el.localName === 'p' && text.trim() && ++seen >= 3) break;
  }
}

/** Share of a block's text (spaces aside) that is link text. */
export function linkShare(el: Element, text: string): number {
  const all = compactLength(text);
  return all ? linkTextLength(el) / all : 0;
}

/** Date and time lines: "Updated Nov 19, 6:55 AM", "Publié le 3 mars 2025 à 10h", "1 day ago". */
const DATE_LINE =
  /(?:\b(?:updated|posted|published|modified|last updated|mis à jour|publié|actualisé|aktualisiert|veröffentlicht|actualizado|publicado|aggiornato|pubblicato)\b|\b\d{1,2}[:h]\d{2}\b|\b(?:19|20)\d{2}\b|\bago\b|\bil y a\b)/iu;

/** The blocks that hold text directly: paragraphs, list items, headings, bare divs. */
const LEAF_BLOCKS =
  'p, li, h1, h2, h3, h4, h5, h6, div, dd, dt, address, time, figcaption, blockquote';

function leafBlocks(root: Element): Element[] {
  return [...root.querySelectorAll(LEAF_BLOCKS)].filter(
    (el) =>
      !el.querySelector(
        'p, li, h1, h2, h3, h4, h5, h6, div, dd, dt, address, blockquote, figure, table',
      ) && !el.closest('figure, table, pre, blockquote'),
  );
}

/** A bare address, printed as text by a print header or a share widget. */
const BARE_URL = /^https?:\/\/\S+$/;

function isProseBlock(text: string): boolean {
  return !isShortNonProse(text, 12);
}

/**
 * Removes the page furniture Readability leaves above the first paragraph of prose:
 * breadcrumbs and section links (lines that are all links), date lines and "By …" lines (the
 * reader shows the byline and date in its own header). Media and prose are never touched.
 */
export function removeLeadingFurniture(root: Element): void {
  for (const el of leafBlocks(root)) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 200);
    if (text === null || isProseBlock(text)) return;
    if (hasMedia(el) || !text.trim()) {
      // A print header: the site's logo, and the page's address as text beside it.
      if (BARE_URL.test(text.trim())) {
        for (const child of [...el.children]) {
          if (BARE_URL.test((child.textContent || '').trim())) child.remove();
        }
      }
      continue;
    }
    const links = linkShare(el, text) >= 0.9;
    const dated = DATE_LINE.test(text) && isShortNonProse(text, 10);
    const byline = BYLINE_LEAD.test(text.trim()) && isShortNonProse(text, 12);
    // A bare address, printed by a share or print widget.
    const label = BARE_URL.test(text.trim());
    if (links || dated || byline || label) el.remove();
  }
}

/** The last two labels of a host name: "www.news.example" and "m.news.example" are one site. */
function siteOf(host: string): string {
  return host.toLowerCase().split('.').slice(-2).join('.');
}

/**
 * The page's own sites: where it was loaded from and, when it names one, its canonical address
 * (a page read from a mirror, an archive or a cache still links to its own site).
 */
export type Sites = string | readonly string[];

function sitesOf(host: Sites): Set<string> {
  return new Set((typeof host === 'string' ? [host] : host).filter(Boolean).map(siteOf));
}

/** Whether every link under `el` goes to the page's own site (or nowhere else). */
function sameSiteLinks(el: Element, host: Sites): boolean {
  const sites = sitesOf(host);
  for (const a of el.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') || '';
    if (!/^https?:/i.test(href)) continue;
    try {
      if (!sites.has(siteOf(new URL(href).hostname))) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Whether every link under `el` goes to a place in one page: a table of contents. */
function isTableOfContents(el: Element): boolean {
  const pages = new Set<string>();
  for (const a of el.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') || '';
    const hash = href.indexOf('#');
    if (hash < 0) return false;
    pages.add(href.slice(0, hash));
  }
  return pages.size === 1;
}

/**
 * Removes lists of links to other articles ("You may also like", "Don't miss"): a list whose
 * every item is a short line of link text, and the short heading right above it.
 */
export function removeLinkLists(root: Element, host?: Sites): void {
  for (const list of [...root.querySelectorAll('ul, ol')]) {
    if (!root.contains(list) || list.closest('nav, table')) continue;
    const items = [...list.children].filter((c) => c.localName === 'li');
    if (items.length < 2) continue;
    const links = items.every((li) => {
      const text = textUpTo(li, 200);
      return (
        text !== null && !!text.trim() && isShortNonProse(text, 16) && linkShare(li, text) >= 0.9
      );
    });
    // Lists that send the reader elsewhere (shops, sources) are the article's own content, and
    // so is a table of contents (links to places in this page).
    if (!links || (host && !sameSiteLinks(list, host)) || isTableOfContents(list)) continue;
    const prev = list.previousElementSibling;
    list.remove();
    removeLabelAbove(prev);
  }
}

/**
 * Removes what trails the last paragraph of prose: lines that are all links (related
 * articles) and headings with nothing under them.
 */
export function removeTrailingFurniture(root: Element, host?: Sites): void {
  const blocks = leafBlocks(root).reverse();
  let linkLines = 0;
  for (const el of blocks) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 200);
    if (text === null) return;
    // The line that introduced a run of links ("You may also like…", "Read more:"): short,
    // no link of its own, and not a finished sentence.
    if (linkLines >= 2 && isLinkRunLabel(el, text)) {
      el.remove();
      return;
    }
    if (isProseBlock(text)) return;
    if (hasMedia(el)) return;
    if (!text.trim()) continue;
    const links = linkShare(el, text) >= 0.9 && (!host || sameSiteLinks(el, host));
    const heading = /^h[1-6]$/.test(el.localName);
    if (!links && !heading) return;
    if (links) linkLines++;
    el.remove();
  }
}

/** A short line of no links that ends in a colon or an ellipsis (a sign-off line does not). */
function isLinkRunLabel(el: Element, text: string): boolean {
  const label = text.trim();
  return (
    !!label &&
    !hasMedia(el) &&
    linkShare(el, text) === 0 &&
    /(?::|\.\.\.|…)$/u.test(label) &&
    isShortNonProse(label.replace(/(?::|\.\.\.|…)$/u, ''), 6)
  );
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

/** Whether some paragraph outside lists reads as prose. */
function hasProse(root: Element): boolean {
  for (const p of root.querySelectorAll('p, blockquote, dd')) {
    if (p.closest('li')) continue;
    const text = textUpTo(p, 400);
    if (text === null || isProseBlock(text)) return true;
  }
  return false;
}

/** Whole texts of an ad slot's label. */
const AD_LABELS = new Set(
  [
    'advertisement',
    'advert',
    'advertising',
    'ad',
    'ads',
    'sponsored',
    'sponsored content',
    'paid content',
    'story continues below advertisement',
    'article continues below advertisement',
    'article continues below',
    'story continues below',
    'continue reading below',
    'content continues below',
    'publicité',
    'annonce',
    'anzeige',
    'werbung',
    'publicidad',
    'anuncio',
    'pubblicità',
    'publicidade',
    'advertentie',
    'reclame',
    'reklama',
    'reklam',
    'annons',
    'mainos',
    'реклама',
    'إعلان',
    'פרסומת',
    '广告',
    '廣告',
    '広告',
    '광고',
  ].map((label) => label.normalize('NFC')),
);

/**
 * "This slideshow requires JavaScript", "Please enable JavaScript to view…": a note about the
 * page's own widget, opening with it (an article's sentence about some app is not one).
 */
const SCRIPT_NOTE =
  /^(?:please\s+)?(?:(?:this|the) (?:slideshow|gallery|video|content|page|site|feature|map|player|interactive|form|embed|widget|graphic|chart|poll|quiz)\b.{0,40}\b(?:requires?|needs?) javascript\b|(?:to (?:view|see|watch|play|use)\b.{0,40}\b)?(?:enable|activate|turn on) javascript\b|javascript (?:is )?(?:required|disabled|must be enabled|is off)\b|(?:veuillez )?activer (?:le )?javascript\b|bitte (?:aktivieren sie )?javascript\b)/iu;

/**
 * An unrendered WordPress shortcode, alone on its line: `[button link="…"]Send us…[/button]`.
 * With attributes or a closing tag: "[Applause]" in a transcript is no shortcode.
 */
const SHORTCODE =
  /^\[([a-z][\w-]*)\s[^\]]*=[^\]]*\](?:[^[]*\[\/\1\])?$|^\[([a-z][\w-]*)[^\]]*\][^[]*\[\/\2\]$/iu;

/** A cookie notice left inside the body: "This website uses cookies… Accept Read More". */
const COOKIE_NOTICE =
  /\b(?:uses? cookies|use of cookies|utilise des cookies|utilisons des cookies|verwendet cookies|verwenden cookies|utiliza cookies|utilizamos cookies|utilizza (?:i )?cookie|gebruikt cookies)\b/iu;
/** …ending in its buttons, where a sentence ends with its full stop. */
const COOKIE_BUTTONS =
  /(?:accept(?: all)?|agree|ok|okay|got it|i understand|allow|reject|decline|settings|read more|learn more|more info(?:rmation)?|privacy policy|cookie policy|accepter|j'accepte|tout accepter|en savoir plus|akzeptieren|zustimmen|einverstanden|aceptar|accetta|aceitar|accepteren)[\s\p{P}]*$/iu;

/** Labels a date line opens with: "Published:", "| Updated:", "Mis à jour le". */
const DATE_LABELS =
  'published|updated|posted|modified|last updated|first published|publié|publiée|mis à jour|actualisé|actualisée|aktualisiert|veröffentlicht|actualizado|publicado|aggiornato|pubblicato|gepubliceerd|bijgewerkt';
/** Whole words of a list (JavaScript's `\b` does not know that "é" and "à" are letters). */
const wholeWords = (list: string, flags = 'giu') =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${list})(?![\\p{L}\\p{N}])`, flags);
const DATE_OPENING = new RegExp(`^(?:${DATE_LABELS})(?![\\p{L}\\p{N}])`, 'iu');
/** The labels, and the little words between a label and its date: "le", "am", "at", "à"… */
const DATE_LABEL = wholeWords(`${DATE_LABELS}|on|le|am|el|il|at|à|um|a las|alle|de|op|kl`);
/** The words and marks a date and time are written with. */
const DATE_WORDS = wholeWords(
  '\\d{1,2}[:h.]\\d{2}|\\d{1,4}(?:st|nd|rd|th|er|e|\\.)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|januar|februar|märz|juni|juli|oktober|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|am|pm|a\\.m\\.?|p\\.m\\.?|gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|et|pt|h|uhr',
);

/**
 * A line that is only a dated label: "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05",
 * "Updated", "Mis à jour le 3 mars 2025 à 10h". It opens with the label; once labels and date
 * words are taken out, nothing but marks is left. The reader shows the date in its header.
 */
export function isDateLine(text: string): boolean {
  const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
  if (!value || value.split(' ').length > 18) return false;
  const opening = value.replace(/^[|·•\s]+/u, '').toLowerCase();
  if (!DATE_OPENING.test(opening)) return false;
  const rest = opening.replace(DATE_LABEL, ' ').replace(DATE_WORDS, ' ');
  return !/[\p{L}\p{N}]/u.test(rest);
}

/** What a short block of boilerplate is: an ad label, a no-script note, a shortcode, a cookie notice, a date line. */
function isBoilerplateLine(text: string): boolean {
  const value = text.replace(/[\s\u00a0]+/g, ' ').trim();
  if (!value) return false;
  if (AD_LABELS.has(normalize(value))) return true;
  const words = value.split(' ').length;
  if (words <= 16 && SCRIPT_NOTE.test(value)) return true;
  if (words <= 40 && SHORTCODE.test(value)) return true;
  if (words <= 60 && COOKIE_NOTICE.test(value) && COOKIE_BUTTONS.test(value)) return true;
  return isDateLine(value);
}

/**
 * Removes short boilerplate blocks standing on their own line: ad slot labels ("Advert",
 * "Anzeige"), "This slideshow requires JavaScript", unrendered shortcodes, a cookie notice,
 * "Published: … | Updated: …". A sentence that mentions any of them is on a longer line.
 */
export function removeBoilerplateLines(root: Element): void {
  for (const el of [
    ...root.querySelectorAll('p, div, span, time, small, li, h2, h3, h4, h5, h6, strong, em'),
  ]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 400);
    if (text === null || hasMedia(el) || !isBoilerplateLine(text)) continue;
    if (normalize(lineText(root, el, 400) ?? '') !== normalize(text)) continue;
    el.remove();
  }
}

/**
 * Removes hover cards: the box a page shows over a linked name ("Ilhan Omar" and, under the
 * mouse, her photo and her latest stories), printed right after the link, inside the sentence.
 * It repeats the link it hangs on, and is links for the rest; the sentence keeps its words.
 */
export function removeHoverCards(root: Element): void {
  for (const a of [...root.querySelectorAll('a[href]')]) {
    const card = a.nextElementSibling;
    if (!card || !root.contains(card) || isBlock(card) || card.localName === 'a') continue;
    // Nothing but white space between the link and its card.
    let between = a.nextSibling;
    while (between && between !== card && !(between.nodeValue ?? '').trim()) {
      between = between.nextSibling;
    }
    if (between !== card) continue;
    const href = a.getAttribute('href');
    const links = [...card.querySelectorAll('a[href]')];
    if (links.length < 2 || !links.some((l) => l.getAttribute('href') === href)) continue;
    const text = card.textContent || '';
    // A card says something (a name and stories), not a footnote's "[1][2]".
    if (compactLength(text) < 30 || linkShare(card, text) < 0.8) continue;
    card.remove();
  }
}

/** The label right above a removed list of teasers: short, not a sentence, no link of its own. */
function removeLabelAbove(prev: Element | null): void {
  const label = prev && textUpTo(prev, 60);
  if (
    prev &&
    label &&
    !hasMedia(prev) &&
    /^h[2-6]$|^p$|^div$|^strong$/.test(prev.localName) &&
    isShortNonProse(label, 6) &&
    !/[.!?]\s*$/.test(label.trim())
  ) {
    if (!prev.nextElementSibling || linkShare(prev, label) === 0) prev.remove();
  }
}

/** A link to a picture or to its page in a gallery: a gallery's item, not another story. */
const PICTURE_LINK = /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)|[/?&]attachment(?:_id=|\/)/i;

/** The first link of a card that goes to a page (not an anchor of this one, nor a picture). */
function pageLink(card: Element): string | null {
  for (const a of card.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') || '';
    if (PICTURE_LINK.test(href)) return null;
    if (href && !/^(?:#|javascript:|mailto:|tel:)/i.test(href)) return href.replace(/#.*$/, '');
  }
  return null;
}

/**
 * Removes rails of teaser cards for other stories set inside the body ("Most read in world
 * news"): at least three alike cards side by side, each a picture or a link and a headline to
 * another page of the site, none holding a sentence of prose. Galleries (figures) stay.
 */
export function removeTeaserCards(root: Element, host?: Sites): void {
  for (const box of [...root.querySelectorAll('div, section, ul, ol')]) {
    if (!root.contains(box) || box.closest('figure, table')) continue;
    const cards = [...box.children].filter((c) => !/^(?:script|style|noscript)$/.test(c.localName));
    if (cards.length < 3) continue;
    const kind = (c: Element) => `${c.localName}.${c.classList[0] ?? ''}`;
    const first = kind(cards[0] as Element);
    // Figures and definition lists are how galleries are written.
    if (/^(?:figure|dl)\./.test(first) || !cards.every((c) => kind(c) === first)) continue;
    const pages = new Set<string>();
    const teasers = cards.every((card) => {
      // A headline and a line under it: a card holding a caption, a quote or more is prose.
      const text = textUpTo(card, 240);
      if (text === null || !text.trim() || card.querySelector('figcaption, blockquote')) {
        return false;
      }
      if (
        text
          .replace(/[\s\u00a0]+/g, ' ')
          .trim()
          .split(' ').length > 35
      )
        return false;
      const link = pageLink(card);
      if (!link) return false;
      pages.add(link);
      const pictured = !!card.querySelector('img, picture');
      return pictured || linkShare(card, text) >= 0.9;
    });
    if (!teasers || pages.size < cards.length || (host && !sameSiteLinks(box, host))) continue;
    const prev = box.previousElementSibling;
    box.remove();
    removeLabelAbove(prev);
  }
}

/**
 * Removes a block of other stories' headlines between paragraphs: two or more links, each a
 * headline of four words or more to another page of the site, with nothing between them but
 * marks and bracketed labels ("… protest jibe [INSIGHT] | Lakers vs Nets: … [VIDEO]").
 */
export function removeHeadlineRuns(root: Element, host?: Sites): void {
  for (const el of [...root.querySelectorAll('p, div, li')]) {
    if (!root.contains(el) || hasMedia(el)) continue;
    const text = textUpTo(el, 600);
    if (text === null) continue;
    const links = [...el.querySelectorAll('a[href]')];
    if (links.length < 2) continue;
    const pages = new Set(links.map((a) => (a.getAttribute('href') || '').replace(/#.*$/, '')));
    if (pages.size < links.length) continue;
    if (!links.every((a) => (a.textContent || '').trim().split(/\s+/).length >= 4)) continue;
    let rest = text;
    for (const a of links) rest = rest.replace(a.textContent || '', ' ');
    // What is left: marks and bracketed or capitalised labels ("[VIDEO]", "INSIGHT").
    const left = rest.replace(/\[[^\]]{0,20}\]?|\b\p{Lu}{2,}\b|[\s\p{P}\p{S}]+/gu, '');
    if (left.length > 0 || (host && !sameSiteLinks(el, host))) continue;
    if (normalize(lineText(root, el, 600) ?? '') !== normalize(text)) continue;
    const prev = el.previousElementSibling;
    el.remove();
    removeLabelAbove(prev);
  }
}

/** The heading of an author's box: "About the author", "À propos de l'auteur"… */
const ABOUT_AUTHOR =
  /^(?:about the (?:author|writer|reporter)s?|about (?:the )?contributors?|à propos de l['’]auteur(?:e)?|a propos de l['’]auteur(?:e)?|l['’]auteur|über den autor|über die autorin|zum autor|zur autorin|sobre el autor|sobre la autora|sull['’]autore|sobre o autor|over de auteur|o autorze)$/iu;
const HEADINGS = 'h1, h2, h3, h4, h5, h6';
/** The most text (spaces aside) an author's box under that heading holds: a short biography. */
const MAX_AUTHOR_BOX_CHARS = 800;

/**
 * Removes the author's box after the article: an "About the author" heading near the end, and
 * what follows it (a name, a handle, a short biography), when that is all that follows.
 */
export function removeAuthorBox(root: Element): void {
  for (const el of [...root.querySelectorAll('h2, h3, h4, h5, h6, p, div, strong')]) {
    if (!root.contains(el)) continue;
    const text = textUpTo(el, 60);
    if (text === null || !ABOUT_AUTHOR.test(normalize(text))) continue;
    if (normalize(lineText(root, el, 60) ?? '') !== normalize(text)) continue;
    // Only a short box after it: the article does not go on.
    const box = textLengthAfter(root, el, MAX_AUTHOR_BOX_CHARS);
    if (box > MAX_AUTHOR_BOX_CHARS) continue;
    // After the article: more of it before the heading than the box holds, twice over.
    if (textLengthBefore(root, el, 2 * box + 200) <= 2 * box + 200) continue;
    const after: Node[] = [];
    for (let node: Node | null = el; node && node !== root; node = node.parentNode) {
      for (let next = node.nextSibling; next; next = next.nextSibling) after.push(next);
    }
    // A heading after it is the author's name, or the article going on.
    const goesOn = (n: Node) => {
      if (n.nodeType !== 1) return false;
      const box = n as Element;
      const headings = [...(box.matches(HEADINGS) ? [box] : []), ...box.querySelectorAll(HEADINGS)];
      return headings.some((h) => (h.textContent || '').trim().split(/\s+/).length > 5);
    };
    if (after.some(goesOn)) continue;
    for (const n of after) n.parentNode?.removeChild(n);
    el.remove();
    return;
  }
}

/** Every clean-up rule, in the order they depend on each other. */
export function cleanArticleContent(
  root: Element,
  title: string,
  byline?: string,
  host?: Sites,
  /** The whole page's text ("Try anyway"): its lists of links are what the reader asked for. */
  wholePage = false,
): void {
  removeIconLigatures(root);
  removeActionControls(root);
  removeLoadingText(root);
  removeTeasers(root);
  removePromos(root);
  removeShoutedLinks(root);
  removeCredits(root);
  removeHoverCards(root);
  removeDuplicateByline(root, byline);
  // After the byline: a date line often shares its line with it.
  removeBoilerplateLines(root);
  // Furniture is told from prose around it: a page of links alone (a home page read with "Try
  // anyway") keeps them.
  if (!wholePage && hasProse(root)) {
    removeLinkLists(root, host);
    removeTeaserCards(root, host);
    removeHeadlineRuns(root, host);
    removeLeadingFurniture(root);
    removeTrailingFurniture(root, host);
    removeAuthorBox(root);
  }
  removeCommentRemnants(root);
  removeDuplicateTitle(root, title);
  removeEmpty(root);
}
