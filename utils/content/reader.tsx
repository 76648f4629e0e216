/**
 * The reader view in a page: injected by the background only when the reader is asked for
 * (button, shortcut, menu, "always on this site"), when a save needs the article, or when the
 * popup opens on the page (the reader is then drawn ahead, outside the page, so that the click
 * on `Reader view` only has to show it).
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { InPageReader } from '@/components/reader/InPageReader';
import { type PreparedOverlay, prepareReaderOverlay } from '@/components/reader/overlay';
import { extractArticle, isTooLarge, plainArticle } from '../article/extract';
import { articleFromSource, looksEmptied } from '../article/source';
import type { Article } from '../article/types';
import type { HighlightInput, HighlightPatch } from '../favourites/highlights-store';
import type { Highlight } from '../favourites/types';
import type { Reply, TabState, TabTags, ToContent } from '../messaging';

const FLAG = '__broadsheetReader';
/** How long a reader drawn ahead of a click is kept. */
const AHEAD_MS = 120_000;
/**
 * Set on the page's root element by `npm run bench -- reader`: the reader then leaves
 * `performance.mark`s of its steps (names `broadsheet:reader:…`) for the bench to collect.
 * Otherwise nothing is recorded.
 */
export const BENCH_ATTR = 'data-broadsheet-bench';

function benchMark(name: string): void {
  if (document.documentElement.hasAttribute(BENCH_ATTR))
    performance.mark(`broadsheet:reader:${name}`);
}

async function send<T>(message: unknown): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply?.ok) throw new Error(reply && !reply.ok ? reply.error : 'no answer');
  return reply.value;
}

/** The page's highlights, kept by the background (a content script never opens IndexedDB). */
const highlightsApi = {
  list: () => send<Highlight[]>({ type: 'hl:list' }),
  add: (highlight: HighlightInput, article?: Article) =>
    send<{ highlight: Highlight | null; savedNow?: boolean }>({
      type: 'hl:add',
      highlight,
      ...(article ? { article } : {}),
    }),
  update: (id: string, patch: HighlightPatch) =>
    send<Highlight | null>({ type: 'hl:update', id, patch }),
  remove: (id: string) => send<boolean>({ type: 'hl:remove', id }),
  restore: (highlight: Highlight) => send<boolean>({ type: 'hl:restore', highlight }),
};

export function startReader(ctx: ContentScriptContext) {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g[FLAG]) return; // injected again: the first copy answers
  g[FLAG] = true;
  benchMark('start');

  /** The reader on screen. */
  let overlay: PreparedOverlay | null = null;
  /** Draws the open reader again, e.g. when the popup saved the page meanwhile. */
  let redraw: ((saved: boolean) => void) | null = null;
  let cached: { url: string; article: Article | null } | null = null;

  const extract = (): Article | null => {
    if (cached?.url === location.href) return cached.article;
    const article = isTooLarge(document) ? null : extractArticle(document, new URL(location.href));
    cached = { url: location.href, article };
    return article;
  };

  /**
   * The page's article settled: the live one, or, where the page's own script emptied the page
   * after loading (an error screen in place of the story), the one its HTML carried. Asked once
   * per address; almost every page answers at once, without reading anything.
   */
  let settling: { url: string; done: Promise<void> } | null = null;
  const settled = (state: TabState | null): Promise<void> => {
    if (settling?.url === location.href) return settling.done;
    if (state?.detection.isArticle === false || isTooLarge(document)) return Promise.resolve();
    const url = location.href;
    const live = extract();
    const done = looksEmptied(document, live)
      ? articleFromSource(document, new URL(url), live).then((better) => {
          if (better && cached?.url === url) cached = { url, article: better };
        })
      : Promise.resolve();
    settling = { url, done };
    return done;
  };

  const close = () => overlay?.close();

  /** The page's favourite's tags: only the background touches the favourites. */
  const tags = {
    load: () => send<TabTags | null>({ type: 'fav:get-tags' }),
    save: (next: string[]) => send<string[] | null>({ type: 'fav:set-tags', tags: next }),
  };

  interface Drawn {
    url: string;
    isArticle: boolean | undefined;
    saved: boolean;
    overlay: PreparedOverlay;
    redraw: (saved: boolean) => void;
  }

  /** The reader drawn for the page as it is, outside the page until shown. */
  const draw = (state: TabState | null): Drawn => {
    const tooLarge = isTooLarge(document);
    // Pages judged not to be articles get words and a "Try anyway", not a guess.
    const notArticle = state?.detection.isArticle === false;
    const article = tooLarge || notArticle ? null : extract();
    benchMark('extracted');
    // Where reading stopped, if the page is saved: wanted by the time the reader is shown.
    const progress = article
      ? send<number | null>({ type: 'fav:get-progress' }).then(
          (p) => p ?? 0,
          () => 0,
        )
      : 0;
    let paint: (saved: boolean) => void = () => {};
    const built: PreparedOverlay = prepareReaderOverlay(
      document,
      (container, closeOverlay) => {
        paint = (saved) =>
          render(
            <InPageReader
              initial={article ?? (tooLarge ? 'too-large' : 'no-article')}
              tryAnyway={() =>
                extract() ?? extractArticle(document, new URL(location.href), { wholePage: true })
              }
              onClose={closeOverlay}
              progress={{
                initial: progress,
                onChange: (p) =>
                  void send({ type: 'fav:set-progress', progress: p }).catch(() => undefined),
              }}
              saved={saved}
              tags={tags}
              highlights={highlightsApi}
              onSave={(a) =>
                send<{ saved: boolean }>({
                  type: 'fav:save-article',
                  article: plainArticle(a),
                }).then((r) => r.saved)
              }
            />,
            container,
          );
        paint(state?.saved ?? false);
      },
      {
        onClose: () => {
          // A drawing dropped before it was shown has nothing to tell.
          if (overlay !== built) return;
          overlay = null;
          redraw = null;
          void send({ type: 'reader:state', open: false }).catch(() => undefined);
        },
      },
    );
    benchMark('drawn');
    return {
      url: location.href,
      isArticle: state?.detection.isArticle,
      saved: state?.saved ?? false,
      overlay: built,
      redraw: (saved) => paint(saved),
    };
  };

  /** Drawn ahead (the popup opened on this tab), for the click that may follow. */
  let ahead: Drawn | null = null;
  let dropAhead: ReturnType<typeof setTimeout> | undefined;
  const forget = () => {
    clearTimeout(dropAhead);
    ahead?.overlay.close();
    ahead = null;
  };
  const fits = (d: Drawn | null, state: TabState | null): d is Drawn =>
    !!d && d.url === location.href && d.isArticle === state?.detection.isArticle;

  const prepare = async (state: TabState | null) => {
    if (overlay || fits(ahead, state)) return;
    await settled(state);
    if (overlay || fits(ahead, state)) return;
    forget();
    ahead = draw(state);
    // Not kept for ever: a reader who did not click soon gets a fresh drawing later.
    dropAhead = setTimeout(forget, AHEAD_MS);
  };

  /** `given`: the state came with the message (else it is asked for, as older callers did). */
  const open = async (given: TabState | null | undefined) => {
    if (overlay) return;
    benchMark('open');
    let state = given ?? null;
    if (given === undefined) {
      try {
        state = await send<TabState | null>({ type: 'reader:state', open: true });
      } catch {
        // The background will hear of it on the next message.
      }
    }
    if (overlay) return;
    await settled(state);
    if (overlay) return;
    const ready = fits(ahead, state) ? ahead : null;
    if (ready) {
      clearTimeout(dropAhead);
      ahead = null;
    } else forget();
    const shown = ready ?? draw(state);
    if (shown.saved !== (state?.saved ?? false)) shown.redraw(state?.saved ?? false);
    overlay = shown.overlay;
    redraw = shown.redraw;
    overlay.show();
    benchMark('shown');
  };

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = raw as ToContent;
    switch (msg?.type) {
      case 'reader:toggle':
        if (!overlay) return open(msg.state).then(() => true);
        close();
        return Promise.resolve(false);
      case 'reader:open':
        return open(msg.state).then(() => true);
      case 'reader:prepare':
        void prepare(msg.state ?? null);
        return Promise.resolve(true);
      case 'reader:extract':
        return settled(null).then(() => {
          const article = extract();
          return article && plainArticle(article);
        });
      case 'reader:saved':
        redraw?.(msg.saved);
        return undefined;
      default:
        return undefined;
    }
  });
  ctx.onInvalidated(() => {
    forget();
    close();
  });
}
