/**
 * The reader view in a page: injected by the background only when the reader is asked for
 * (button, shortcut, menu, "always on this site") or when a save needs the article.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { InPageReader } from '@/components/reader/InPageReader';
import { mountReaderOverlay, type ReaderOverlay } from '@/components/reader/overlay';
import { extractArticle, isTooLarge } from '../article/extract';
import type { Article } from '../article/types';
import type { Reply, TabState, ToContent } from '../messaging';

const FLAG = '__broadsheetReader';

async function send<T>(message: unknown): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply?.ok) throw new Error(reply && !reply.ok ? reply.error : 'no answer');
  return reply.value;
}

export function startReader(ctx: ContentScriptContext) {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g[FLAG]) return; // injected again: the first copy answers
  g[FLAG] = true;

  let overlay: ReaderOverlay | null = null;
  /** Draws the open reader again, e.g. when the popup saved the page meanwhile. */
  let redraw: ((saved: boolean) => void) | null = null;
  let cached: { url: string; article: Article | null } | null = null;

  const extract = (): Article | null => {
    if (cached?.url === location.href) return cached.article;
    const article = isTooLarge(document) ? null : extractArticle(document, new URL(location.href));
    cached = { url: location.href, article };
    return article;
  };

  const close = () => overlay?.close();

  const open = async () => {
    if (overlay) return;
    let state: TabState | null = null;
    let progress: number | null = null;
    const asked = await Promise.allSettled([
      send<TabState | null>({ type: 'reader:state', open: true }),
      send<number | null>({ type: 'fav:get-progress' }),
    ]);
    // A failed answer: the background will hear of it on the next message.
    if (asked[0].status === 'fulfilled') state = asked[0].value;
    if (asked[1].status === 'fulfilled') progress = asked[1].value;
    const tooLarge = isTooLarge(document);
    // Pages judged not to be articles get words and a "Try anyway", not a guess.
    const notArticle = state?.detection.isArticle === false;
    const article = tooLarge || notArticle ? null : extract();
    if (overlay) return;
    overlay = mountReaderOverlay(
      document,
      (container, closeOverlay) => {
        redraw = (saved) =>
          render(
            <InPageReader
              initial={article ?? (tooLarge ? 'too-large' : 'no-article')}
              tryAnyway={() =>
                extract() ?? extractArticle(document, new URL(location.href), { wholePage: true })
              }
              onClose={closeOverlay}
              progress={{
                initial: progress ?? 0,
                onChange: (p) =>
                  void send({ type: 'fav:set-progress', progress: p }).catch(() => undefined),
              }}
              saved={saved}
              onSave={(a) =>
                send<{ saved: boolean }>({ type: 'fav:save-article', article: a }).then(
                  (r) => r.saved,
                )
              }
            />,
            container,
          );
        redraw(state?.saved ?? false);
      },
      {
        onClose: () => {
          overlay = null;
          redraw = null;
          void send({ type: 'reader:state', open: false }).catch(() => undefined);
        },
      },
    );
  };

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const msg = raw as ToContent;
    switch (msg?.type) {
      case 'reader:toggle':
        if (!overlay) return open().then(() => true);
        close();
        return Promise.resolve(false);
      case 'reader:open':
        return open().then(() => true);
      case 'reader:extract':
        return Promise.resolve(extract());
      case 'reader:saved':
        redraw?.(msg.saved);
        return undefined;
      default:
        return undefined;
    }
  });
  ctx.onInvalidated(close);
}
