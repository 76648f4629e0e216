/**
 * `npm run eval`: the built extension in Chromium on the three shared corpora
 * (../shared/corpus/readability/, postlight/ and aeb/), scored against their labels. Per page, per
 * corpus and in total: labelled comment sections folded, article paragraphs still visible,
 * detection verdicts on articles and non-articles, and the reader view (opened, text recall and
 * precision, headline); on aeb/, the reader's article-body F1 from the benchmark's own
 * evaluate.py beside raw Readability.js run on the same pages in a browser without the extension.
 * Then the worst pages per measure, so they can be acted on.
 *
 * `npm run eval` runs everything and exits non-zero when a target is missed;
 * `npm run eval -- <readability|postlight|aeb> [name]` runs one corpus, optionally only the pages
 * whose name contains `name`. Needs `npm run build`.
 *
 * One browser with the extension and one without it; each page is loaded in both at once, with
 * its scripts on and every non-loopback request aborted, and closed after use.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';
import { type Harness, startHarness } from '../tests/e2e/harness';
import { OVERLAY_GRACE_MS } from '../utils/content/timing';
import { readerScrolls } from './browser';
import {
  type AebPage,
  aebPages,
  CORPUS,
  type CorpusPage,
  corpusPages,
  type Label,
  labels,
  postlightLabels,
  postlightPages,
  quantile,
  READABILITY,
} from './corpus';
import { type AebResult, scoreAeb } from './eval-aeb';
import { serveCorpus } from './eval-server';
import { norm, recallPrecision, titleMatches, total, words } from './eval-text';
import { table } from './table';

const CORPORA = ['readability', 'postlight', 'aeb'] as const;
type CorpusName = (typeof CORPORA)[number];
const args = process.argv.slice(2);
const isCorpus = (s?: string): s is CorpusName => CORPORA.includes(s as CorpusName);
const chosen: CorpusName[] = isCorpus(args[0]) ? [args[0]] : [...CORPORA];
const filter = isCorpus(args[0]) ? args[1] : args[0];
const everything = args.length === 0;
const picked = (name: string) => !filter || name.includes(filter);

const READABILITY_JS = readFileSync(
  resolve('node_modules/@mozilla/readability/Readability.js'),
  'utf8',
);

/** Per corpus: what was counted. */
interface Stats {
  pages: number;
  hasContent: [number, number];
  embeds: [number, number];
  paras: [number, number];
  /** Article pages judged articles. */
  articles: [number, number];
  /** Non-article pages judged non-articles. */
  nonArticles: [number, number];
  /** readability/ pages the corpus does not call readerable: [judged articles, pages]. */
  unreaderable: [number, number];
  threw: number;
  /** Article pages where the reader opened. */
  opened: [number, number];
  recalls: number[];
  precisions: number[];
  wordsShown: number[];
  /** postlight/: labelled article paragraphs found in the reader's text. */
  keepInReader: [number, number];
  titles: [number, number];
  /** Article pages where the reader shows something else than the article. */
  wrongText: number;
}
const blank = (): Stats => ({
  pages: 0,
  hasContent: [0, 0],
  embeds: [0, 0],
  paras: [0, 0],
  articles: [0, 0],
  nonArticles: [0, 0],
  unreaderable: [0, 0],
  threw: 0,
  opened: [0, 0],
  recalls: [],
  precisions: [],
  wordsShown: [],
  keepInReader: [0, 0],
  titles: [0, 0],
  wrongText: 0,
});
const stats = new Map<CorpusName, Stats>(chosen.map((c) => [c, blank()]));
const add = (pair: [number, number], ok: boolean) => {
  pair[1]++;
  if (ok) pair[0]++;
};

/** The worst pages, per measure. */
const worst = {
  sections: [] as string[],
  paragraphs: [] as string[],
  verdicts: [] as string[],
  reader: [] as string[],
  aeb: [] as { f1: number; line: string }[],
  titles: [] as string[],
  errors: [] as string[],
};

/** Resolves `p`, or `fallback` after `ms` (a page's own script can keep the renderer busy). */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.catch(() => fallback),
    new Promise<T>((ok) => {
      timer = setTimeout(() => ok(fallback), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The expected article's paragraphs (text), from expected.html. */
async function expectedParagraphs(page: Page, html: string): Promise<string[]> {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'text/html');
    return [...doc.querySelectorAll('p')]
      .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length >= 40);
  }, html);
}

/** Which of `paras` a reader can see on the page (in `innerText`, i.e. rendered). */
async function visibleParagraphs(page: Page, paras: string[]): Promise<boolean[]> {
  const text = norm(
    await within(
      page.evaluate(() => document.body?.innerText ?? ''),
      20_000,
      '',
    ),
  );
  return paras.map((p) => text.includes(norm(p).slice(0, 60)));
}

type SectionState = 'folded' | 'visible' | 'no match' | 'no text' | 'bad selector';

/**
 * A labelled comment section. `comments:has-content`: every matched element with text is not
 * rendered. `comments:platform-embed` (empty in the saved file): every matched element is not
 * rendered, or it or an ancestor carries `data-broadsheet-folded`.
 */
async function sectionState(page: Page, l: Label): Promise<SectionState> {
  return within(
    page.evaluate(
      ({ sel, scope }) => {
        let els: Element[];
        try {
          els = [...document.querySelectorAll(sel)];
        } catch {
          return 'bad selector' as const;
        }
        if (!els.length) return 'no match' as const;
        if (scope === 'comments:has-content') {
          const withText = els.filter((el) => (el.textContent ?? '').trim().length > 0);
          if (!withText.length) return 'no text' as const;
          return withText.every((el) => !el.checkVisibility())
            ? ('folded' as const)
            : ('visible' as const);
        }
        return els.every(
          (el) => !el.checkVisibility() || el.closest('[data-broadsheet-folded]') !== null,
        )
          ? ('folded' as const)
          : ('visible' as const);
      },
      { sel: l.selector, scope: l.scope },
    ),
    10_000,
    'visible',
  );
}

async function load(context: BrowserContext, url: string, errors?: string[]): Promise<Page> {
  const page = await context.newPage();
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  if (errors) {
    page.on('console', (m) => {
      if (m.text().startsWith('Broadsheet')) errors.push(m.text());
    });
  }
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 }).catch(() => {});
  await page.waitForTimeout(OVERLAY_GRACE_MS + 600);
  // The reader's first turn of the wheel: comments are looked for from then on (or at once on
  // a page whose end is already in view), as a reader who reads on meets them.
  await readerScrolls(page, 400, 700).catch(() => {
    // A page that closed or hung: what it shows is read as it is.
  });
  return page;
}

interface Detection {
  isArticle: boolean;
  reasons: string[];
}

async function detection(h: Harness, page: Page): Promise<Detection | undefined> {
  const tabId = await h.tabIdOf(page);
  const sw = await h.serviceWorker();
  return sw.evaluate(async (id) => {
    const key = `tab:${id}`;
    return ((await chrome.storage.session.get(key))[key] as { detection?: Detection } | undefined)
      ?.detection;
  }, tabId);
}

interface Reader {
  opened: boolean;
  /** The reader's `<article>` (header included), as rendered. */
  article: string;
  /** The article body alone (`.bs-content`), as `innerText` and as `textContent`. */
  bodyInner: string;
  bodyText: string;
  /** The body's `innerText` with its figure captions not shown: what captions cost the score. */
  bodyNoCaptions: string;
  heading: string;
}

/** Opens the reader view as the popup would, and reads it out. */
async function readerOf(h: Harness, page: Page, errors: string[]): Promise<Reader> {
  const r: Reader = {
    opened: false,
    article: '',
    bodyInner: '',
    bodyText: '',
    bodyNoCaptions: '',
    heading: '',
  };
  try {
    const tabId = await h.tabIdOf(page);
    const sw = await h.serviceWorker();
    await sw.evaluate(async (id) => {
      await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/reader-view.js'] });
      await chrome.tabs.sendMessage(id, { type: 'reader:open' });
    }, tabId);
    const dialog = page.getByRole('dialog', { name: 'Reader view' });
    await dialog.waitFor({ timeout: 10_000 });
    const article = dialog.locator('article').first();
    const body = dialog.locator('.bs-content').first();
    r.article = (await article.innerText({ timeout: 5000 }).catch(() => '')) ?? '';
    r.bodyInner = (await body.innerText({ timeout: 5000 }).catch(() => '')) ?? '';
    r.bodyText = (await body.textContent({ timeout: 5000 }).catch(() => '')) ?? '';
    // Last, as it hides the captions: the reader's own text is read above.
    r.bodyNoCaptions =
      (await body
        .evaluate((el) => {
          for (const c of el.querySelectorAll<HTMLElement>('figcaption')) c.style.display = 'none';
          return (el as HTMLElement).innerText;
        })
        .catch(() => '')) ?? '';
    r.heading = norm(
      (await dialog
        .getByRole('heading', { level: 1 })
        .first()
        .textContent({ timeout: 5000 })
        .catch(() => '')) ?? '',
    );
    r.opened = total(words(r.article)) > 0;
  } catch (e) {
    errors.push(`reader: ${(e as Error).message.split('\n')[0]}`);
  }
  return r;
}

/** Raw Readability.js on the page as it stands: `parse().textContent`, or null when it fails. */
async function rawReadability(page: Page): Promise<string | null> {
  const expr = `(() => { const module = undefined;\n${READABILITY_JS}\n;
    try { const a = new Readability(document.cloneNode(true)).parse(); return a ? a.textContent : ''; }
    catch (e) { return null; } })()`;
  return within(page.evaluate(expr) as Promise<string | null>, 30_000, null);
}

const short = (s: string, n = 100) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};
const verdict = (d?: Detection) => (d ? (d.isArticle ? 'article' : 'not') : '?');

let h: Harness;
/** Pages open in either browser, closed when a page's evaluation fails half-way. */
const openPages = new Set<Page>();
/** Pages the eval itself could not score (it says why in the errors list). */
let failed = 0;

/** Runs one page's evaluation; a failure is listed and counted, and the run goes on. */
async function guarded(corpus: CorpusName, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    failed++;
    worst.errors.push(`${corpus}/${name}: the eval failed: ${short((e as Error).message, 160)}`);
    for (const p of openPages) await p.close().catch(() => {});
    openPages.clear();
  }
}
let plainContext: BrowserContext;

/** Loads `url` in both browsers at once; `base` runs on the page without the extension. */
async function visit<B>(
  url: string,
  base: (p: Page) => Promise<B>,
): Promise<{ b: B; page: Page; errors: string[] }> {
  const errors: string[] = [];
  const [baseline, page] = await Promise.all([
    load(plainContext, url),
    load(h.context, url, errors),
  ]);
  try {
    return { b: await base(baseline), page, errors };
  } finally {
    await baseline.close().catch(() => {});
  }
}

/** Comment labels of one page: counts them and lists the missed ones. */
async function checkSections(
  corpus: CorpusName,
  s: Stats,
  page: Page,
  name: string,
  mine: Label[],
): Promise<string> {
  let folded = 0;
  for (const l of mine) {
    const state = await sectionState(page, l);
    const ok = state === 'folded';
    if (ok) folded++;
    add(l.scope === 'comments:platform-embed' ? s.embeds : s.hasContent, ok);
    if (!ok) worst.sections.push(`${corpus}/${name}: ${l.selector} (${l.scope}): ${state}`);
  }
  return mine.length ? `${folded}/${mine.length}` : '-';
}

function checkParagraphs(
  corpus: CorpusName,
  s: Stats,
  name: string,
  paras: string[],
  before: boolean[],
  after: boolean[],
): string {
  const considered = before.filter(Boolean).length;
  const kept = before.filter((v, i) => v && after[i]).length;
  s.paras[0] += kept;
  s.paras[1] += considered;
  const lost = paras.filter((_, i) => before[i] && !after[i]);
  if (lost.length) {
    worst.paragraphs.push(
      `${corpus}/${name}: ${lost.length} hidden, e.g. "${short(lost[0] ?? '', 60)}"`,
    );
  }
  return `${kept}/${considered}`;
}

async function runReadability(): Promise<void> {
  const s = stats.get('readability') as Stats;
  const all = labels();
  const rows: Record<string, string | number>[] = [];
  for (const p of corpusPages().filter((x: CorpusPage) => picked(x.name))) {
    await guarded('readability', p.name, async () => {
      const url = `${h.siteA.origin}/${p.name}/source.html`;
      const expectedHtml = readFileSync(join(p.dir, 'expected.html'), 'utf8');
      const { b, page, errors } = await visit(url, async (baseline) => {
        const paras = await expectedParagraphs(baseline, expectedHtml);
        const expectedText = await baseline.evaluate(
          (src) => new DOMParser().parseFromString(src, 'text/html').body.textContent ?? '',
          expectedHtml,
        );
        return { paras, before: await visibleParagraphs(baseline, paras), expectedText };
      });
      s.pages++;
      const after = await visibleParagraphs(page, b.paras);
      const paragraphs = checkParagraphs('readability', s, p.name, b.paras, b.before, after);
      const mine = all.filter(
        (l) =>
          l.page === p.name &&
          (l.scope === 'comments:has-content' || l.scope === 'comments:platform-embed'),
      );
      const comments = await checkSections('readability', s, page, p.name, mine);

      const d = await detection(h, page);
      const readerable = p.meta.readerable !== false;
      if (readerable) {
        add(s.articles, !!d?.isArticle);
        if (!d?.isArticle)
          worst.verdicts.push(
            `readability/${p.name}: article judged ${verdict(d)} (${d?.reasons})`,
          );
      } else add(s.unreaderable, !!d?.isArticle);

      const r = await readerOf(h, page, errors);
      const { recall, precision } = recallPrecision(b.expectedText, r.article);
      // BROADSHEET_EVAL_DUMP=dir: the reader's text beside the expected one, as for aeb/.
      const dump = process.env.BROADSHEET_EVAL_DUMP;
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(`${dump}/readability-${p.name}.reader.txt`, r.article);
        writeFileSync(`${dump}/readability-${p.name}.truth.txt`, b.expectedText);
      }
      const titleOk = r.opened && !!p.meta.title && titleMatches(r.heading, p.meta.title);
      if (readerable) add(s.opened, r.opened);
      if (r.opened) {
        s.recalls.push(recall);
        s.precisions.push(precision);
        s.wordsShown.push(total(words(r.bodyInner)));
        add(s.titles, titleOk);
        if (!titleOk)
          worst.titles.push(
            `readability/${p.name}: got "${r.heading}", corpus "${p.meta.title ?? ''}"`,
          );
      }
      if (readerable && (!r.opened || recall < 0.5)) {
        s.wrongText++;
        worst.reader.push(
          `readability/${p.name}: ${r.opened ? `recall ${recall.toFixed(2)}, shows "${short(r.bodyInner)}"` : 'reader did not open'}`,
        );
      }
      if (errors.length) {
        s.threw++;
        worst.errors.push(`readability/${p.name}: ${short(errors.join('; '), 160)}`);
      }
      rows.push({
        page: p.name,
        article: d?.isArticle ? 'yes' : 'no',
        comments,
        paragraphs,
        reader: r.opened ? 'open' : 'NO',
        recall: recall.toFixed(3),
        precision: precision.toFixed(3),
        title: titleOk ? 'ok' : 'x',
        errors: errors.length ? short(errors.join('; '), 60) : '',
      });
      await page.close();
    });
  }
  table('readability/: per page', rows);
}

async function runPostlight(site: string): Promise<void> {
  const s = stats.get('postlight') as Stats;
  const all = postlightLabels();
  const rows: Record<string, string | number>[] = [];
  for (const name of postlightPages().filter(picked)) {
    await guarded('postlight', name, async () => {
      const mine = all.filter((l) => l.page === name);
      const expected = mine.find((l) => l.kind === 'page')?.scope;
      const keep = mine.filter((l) => l.scope === 'article:paragraph').map((l) => l.selector);
      const url = `${site}/postlight/${encodeURIComponent(name)}.html`;
      const { b, page, errors } = await visit(url, (baseline) => visibleParagraphs(baseline, keep));
      s.pages++;
      const after = await visibleParagraphs(page, keep);
      const paragraphs = checkParagraphs('postlight', s, name, keep, b, after);
      const comments = await checkSections(
        'postlight',
        s,
        page,
        name,
        mine.filter(
          (l) => l.scope === 'comments:has-content' || l.scope === 'comments:platform-embed',
        ),
      );
      const d = await detection(h, page);
      const isArticle = expected !== 'not-article';
      if (isArticle) add(s.articles, !!d?.isArticle);
      else add(s.nonArticles, d?.isArticle === false);
      if (!!d?.isArticle !== isArticle) {
        worst.verdicts.push(
          `postlight/${name}: ${isArticle ? 'article' : 'not-article'} judged ${verdict(d)} (${d?.reasons})`,
        );
      }

      const r = await readerOf(h, page, errors);
      const shownWords = total(words(r.bodyInner));
      const shown = norm(r.article);
      const found = keep.filter((k) => shown.includes(norm(k))).length;
      if (isArticle) {
        add(s.opened, r.opened);
        s.keepInReader[0] += found;
        s.keepInReader[1] += keep.length;
        if (!r.opened || (keep.length && found === 0)) {
          s.wrongText++;
          worst.reader.push(
            `postlight/${name}: ${r.opened ? `none of ${keep.length} labelled paragraphs; shows "${short(r.bodyInner)}"` : 'reader did not open'}`,
          );
        } else if (found < keep.length) {
          worst.reader.push(`postlight/${name}: ${found}/${keep.length} labelled paragraphs`);
        }
      }
      if (r.opened) s.wordsShown.push(shownWords);
      if (errors.length) {
        s.threw++;
        worst.errors.push(`postlight/${name}: ${short(errors.join('; '), 160)}`);
      }
      rows.push({
        page: name,
        labelled: isArticle ? 'article' : 'not',
        judged: verdict(d),
        comments,
        paragraphs,
        reader: r.opened ? 'open' : 'NO',
        words: shownWords,
        'in reader': keep.length ? `${found}/${keep.length}` : '-',
        errors: errors.length ? short(errors.join('; '), 60) : '',
      });
      await page.close();
    });
  }
  table('postlight/: per page', rows);
}

let aebResult: AebResult | undefined;

async function runAeb(site: string): Promise<void> {
  const s = stats.get('aeb') as Stats;
  const pages = aebPages().filter((p: AebPage) => picked(p.id));
  const inner = new Map<string, string>();
  const text = new Map<string, string>();
  const noCaptions = new Map<string, string>();
  const raw = new Map<string, string>();
  const shown = new Map<string, string>();
  const verdicts = new Map<string, string>();
  let rawFailed = 0;
  for (const p of pages) {
    await guarded('aeb', p.id, async () => {
      const url = `${site}/aeb/html/${p.id}.html`;
      const { b, page, errors } = await visit(url, rawReadability);
      s.pages++;
      if (b === null) rawFailed++;
      raw.set(p.id, b ?? '');
      const d = await detection(h, page);
      add(s.articles, !!d?.isArticle);
      verdicts.set(p.id, verdict(d));
      if (!d?.isArticle)
        worst.verdicts.push(
          `aeb/${p.id.slice(0, 12)} ${p.url}: article judged ${verdict(d)} (${d?.reasons})`,
        );
      const r = await readerOf(h, page, errors);
      add(s.opened, r.opened);
      inner.set(p.id, r.bodyInner);
      text.set(p.id, r.bodyText);
      noCaptions.set(p.id, r.bodyNoCaptions);
      // BROADSHEET_EVAL_DUMP=dir: each page's reader text beside its truth, to read the misses.
      const dump = process.env.BROADSHEET_EVAL_DUMP;
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(`${dump}/${p.id.slice(0, 12)}.reader.txt`, r.bodyInner);
        writeFileSync(`${dump}/${p.id.slice(0, 12)}.truth.txt`, p.articleBody);
      }
      shown.set(p.id, r.opened ? r.bodyInner : '(reader did not open)');
      if (r.opened) {
        const { recall, precision } = recallPrecision(p.articleBody, r.bodyInner);
        s.recalls.push(recall);
        s.precisions.push(precision);
        s.wordsShown.push(total(words(r.bodyInner)));
      }
      if (errors.length) {
        s.threw++;
        worst.errors.push(`aeb/${p.id.slice(0, 12)}: ${short(errors.join('; '), 160)}`);
      }
      await page.close();
    });
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  if (!pages.length) return;
  try {
    aebResult = scoreAeb(
      pages,
      new Map([
        ['broadsheet', inner],
        ['broadsheet-textContent', text],
        ['broadsheet-no-captions', noCaptions],
        ['readability-js', raw],
      ]),
    );
  } catch (e) {
    // evaluate.py cannot average over no page at all (e.g. one page, and its output empty).
    const err = String((e as { stderr?: string }).stderr ?? e)
      .trim()
      .split('\n')
      .pop();
    failed++;
    worst.errors.push(`aeb: evaluate.py failed: ${err}`);
    return;
  }
  const ours = aebResult.pages.get('broadsheet');
  const theirs = aebResult.pages.get('readability-js');
  const rows: Record<string, string | number>[] = [];
  for (const p of pages) {
    const f1 = ours?.get(p.id)?.f1 ?? 0;
    const rawF1 = theirs?.get(p.id)?.f1 ?? 0;
    if (f1 < 0.5) s.wrongText++;
    const host = (() => {
      try {
        return new URL(p.url).host;
      } catch {
        return '';
      }
    })();
    if (f1 < 0.9) {
      worst.aeb.push({
        f1,
        line: `aeb/${p.id.slice(0, 12)} ${host}: F1 ${f1.toFixed(3)} (raw Readability ${rawF1.toFixed(3)}); reader shows "${short(shown.get(p.id) ?? '')}"; truth "${short(p.articleBody, 60)}"`,
      });
    }
    rows.push({
      page: p.id.slice(0, 12),
      host,
      judged: verdicts.get(p.id) ?? '?',
      words: total(words(inner.get(p.id) ?? '')),
      F1: f1.toFixed(3),
      precision: (ours?.get(p.id)?.precision ?? 0).toFixed(3),
      recall: (ours?.get(p.id)?.recall ?? 0).toFixed(3),
      'raw F1': rawF1.toFixed(3),
    });
  }
  table('aeb/: per page (F1 from evaluate.py)', rows);
  if (rawFailed) console.log(`(raw Readability.js threw or timed out on ${rawFailed} page(s))`);
}

const harness = await startHarness({ fixtures: READABILITY });
h = harness;
const corpusSite = await serveCorpus(CORPUS);
const plain = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
plainContext = await plain.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
for (const ctx of [h.context, plainContext]) {
  // Network off. A page whose own script sends the tab elsewhere (a consent wall, a redirect to
  // another edition) gets a 204 for that navigation, so the saved page stays in the tab.
  // (https:// is never ours, loopback or not: a page's "upgrade to https" script is one of them.)
  await ctx.route(/^(https:\/\/|http:\/\/(?!127\.0\.0\.1[:/]|localhost[:/]))/, (r) => {
    const req = r.request();
    const ours = /^https:\/\/(127\.0\.0\.1|localhost)[:/]/;
    if (ours.test(req.url())) {
      // Served over http only: a page that upgrades itself to https gets the same file.
      return r
        .fetch({ url: req.url().replace(/^https:/, 'http:') })
        .then((response) => r.fulfill({ response }))
        .catch(() => r.abort());
    }
    let topLevel = false;
    try {
      topLevel = req.isNavigationRequest() && req.frame() === req.frame().page().mainFrame();
    } catch {}
    if (topLevel) {
      return r.fulfill({ status: 204, body: '' });
    }
    return r.abort();
  });
}
const started = Date.now();
try {
  if (chosen.includes('readability')) await runReadability();
  if (chosen.includes('postlight')) await runPostlight(corpusSite.origin);
  if (chosen.includes('aeb')) await runAeb(corpusSite.origin);
} finally {
  await h.close();
  await plain.close();
  await corpusSite.close();
}

// ---- Totals ----
const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : 'n/a');
const frac = ([a, b]: [number, number]) => (b ? `${a}/${b} (${pct(a, b)})` : '-');
const sumPairs = (pick: (s: Stats) => [number, number]): [number, number] => {
  let a = 0;
  let b = 0;
  for (const s of stats.values()) {
    a += pick(s)[0];
    b += pick(s)[1];
  }
  return [a, b];
};
const get = (c: CorpusName) => stats.get(c);
const cell = (c: CorpusName, f: (s: Stats) => string) => {
  const s = get(c);
  return s?.pages ? f(s) : '-';
};
const med = (v: number[]) => (v.length ? quantile(v, 0.5).toFixed(3) : '-');
const p10 = (v: number[]) => (v.length ? quantile(v, 0.1).toFixed(3) : '-');
const allOf = (f: (s: Stats) => number[]) => [...stats.values()].flatMap(f);
const sections = (s: Stats): [number, number] => [
  s.hasContent[0] + s.embeds[0],
  s.hasContent[1] + s.embeds[1],
];

type Row = Record<string, string | number>;
const row = (measure: string, f: (s: Stats) => string, all: string, target: string): Row => ({
  measure,
  readability: cell('readability', f),
  postlight: cell('postlight', f),
  aeb: cell('aeb', f),
  all,
  target,
});
const totalsRows: Row[] = [
  row('pages', (s) => String(s.pages), String(sumPairs((s) => [s.pages, 0])[0]), ''),
  row(
    'comment sections folded: has-content',
    (s) => frac(s.hasContent),
    frac(sumPairs((s) => s.hasContent)),
    '',
  ),
  row(
    'comment sections folded: platform-embed',
    (s) => frac(s.embeds),
    frac(sumPairs((s) => s.embeds)),
    '',
  ),
  row(
    'comment sections folded: both',
    (s) => frac(sections(s)),
    frac(sumPairs(sections)),
    '>= 98 %',
  ),
  row(
    'article paragraphs still visible',
    (s) => frac(s.paras),
    frac(sumPairs((s) => s.paras)),
    '100 %',
  ),
  row('articles judged articles', (s) => frac(s.articles), frac(sumPairs((s) => s.articles)), ''),
  row(
    'non-articles told apart',
    (s) => frac(s.nonArticles),
    frac(sumPairs((s) => s.nonArticles)),
    '100 %',
  ),
  row(
    'not-readerable pages judged articles',
    (s) => frac(s.unreaderable),
    frac(sumPairs((s) => s.unreaderable)),
    '(for information)',
  ),
  row(
    'pages where the extension threw',
    (s) => String(s.threw),
    String(sumPairs((s) => [s.threw, 0])[0]),
    '0',
  ),
  row('reader opened on articles', (s) => frac(s.opened), frac(sumPairs((s) => s.opened)), '100 %'),
  row('reader word recall, median', (s) => med(s.recalls), med(allOf((s) => s.recalls)), '>= 0.97'),
  row('reader word recall, p10', (s) => p10(s.recalls), p10(allOf((s) => s.recalls)), '>= 0.85'),
  row(
    'reader word precision, median',
    (s) => med(s.precisions),
    med(allOf((s) => s.precisions)),
    '',
  ),
  row('reader word precision, p10', (s) => p10(s.precisions), p10(allOf((s) => s.precisions)), ''),
  row(
    'reader words shown, median',
    (s) => (s.wordsShown.length ? String(quantile(s.wordsShown, 0.5)) : '-'),
    '',
    '',
  ),
  row(
    'labelled paragraphs in the reader',
    (s) => frac(s.keepInReader),
    frac(sumPairs((s) => s.keepInReader)),
    '100 %',
  ),
  row('reader headline right', (s) => frac(s.titles), frac(sumPairs((s) => s.titles)), '>= 95 %'),
  row(
    'reader shows something else',
    (s) => String(s.wrongText),
    String(sumPairs((s) => [s.wrongText, 0])[0]),
    '0',
  ),
];
totalsRows.push({
  measure: 'pages the eval could not score',
  readability: '',
  postlight: '',
  aeb: '',
  all: String(failed),
  target: '0',
});
for (const r of totalsRows) {
  for (const c of CORPORA) if (!chosen.includes(c)) delete r[c];
}
table(
  'Totals (word recall/precision: readability/ against expected.html, aeb/ against articleBody; "reader shows something else": recall < 0.5, aeb F1 < 0.5, or none of a postlight page\'s labelled paragraphs)',
  totalsRows,
);

if (aebResult) {
  const t = aebResult.totals;
  const line = (name: string, what: string, target: string): Row => {
    const v = t.get(name);
    return {
      extractor: what,
      F1: v ? `${v.f1.toFixed(3)} ± ${v.f1Std.toFixed(3)}` : 'n/a',
      precision: v ? v.precision.toFixed(3) : 'n/a',
      recall: v ? v.recall.toFixed(3) : 'n/a',
      target,
    };
  };
  table(`aeb/: article body, evaluate.py on ${get('aeb')?.pages} pages`, [
    line('broadsheet', 'Broadsheet reader (innerText)', '>= 0.97'),
    line('broadsheet-textContent', 'Broadsheet reader (textContent)', ''),
    line('broadsheet-no-captions', 'the same, figure captions left out (what they cost)', ''),
    line('readability-js', 'raw Readability.js 0.6 (textContent)', ''),
  ]);
}

const list = (title: string, items: string[], max = 40) => {
  if (!items.length) return;
  console.log(`\n${title} (${items.length}):\n- ${items.slice(0, max).join('\n- ')}`);
  if (items.length > max) console.log(`- … and ${items.length - max} more`);
};
console.log('\nWorst pages');
list('Comment sections not folded', worst.sections);
list('Article paragraphs hidden', worst.paragraphs);
list('Wrong detection verdicts', worst.verdicts);
list('Reader shows something else, or part of the article', worst.reader);
list(
  'aeb/ pages with reader F1 < 0.9, worst first',
  worst.aeb.sort((a, b) => a.f1 - b.f1).map((x) => x.line),
);
list('Headlines that differ', worst.titles);
list('Pages where the extension threw, or the eval could not score', worst.errors);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);

const ratio = ([a, b]: [number, number]) => (b ? a / b : 1);
const readability = get('readability');
const aebF1 = aebResult?.totals.get('broadsheet')?.f1;
const missed =
  ratio(sumPairs(sections)) < 0.98 ||
  ratio(sumPairs((s) => s.paras)) < 1 ||
  ratio(sumPairs((s) => s.nonArticles)) < 1 ||
  ratio(sumPairs((s) => s.opened)) < 1 ||
  sumPairs((s) => [s.threw, 0])[0] > 0 ||
  sumPairs((s) => [s.wrongText, 0])[0] > 0 ||
  (aebF1 !== undefined && !(aebF1 >= 0.97)) ||
  (!!readability?.recalls.length &&
    (quantile(readability.recalls, 0.5) < 0.97 || quantile(readability.recalls, 0.1) < 0.85)) ||
  ratio(sumPairs((s) => s.titles)) < 0.95 ||
  failed > 0;
if (missed && everything) {
  console.error('\nA target was missed (see Totals).');
  process.exitCode = 1;
}
