/**
 * Highlights in the reader (in the page and in reader.html): with text selected in the article
 * a `Highlight` button appears by it (and colour choices); each highlight is shown as `mark`
 * elements in the article; clicking one (or Enter on it) offers `Add note` and `Remove
 * highlight`. Those that could not be placed in the article's text as it is now are listed
 * below it, kept. Where they are stored is the caller's business (`HighlightsApi`).
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HighlightInput, HighlightPatch } from '@/utils/favourites/highlights-store';
import type { Highlight, HighlightColour } from '@/utils/favourites/types';
import { describeRange, HIGHLIGHT_ATTR, placeAll, unwrap } from '@/utils/highlights/anchor';
import { t } from '@/utils/i18n';

export const COLOURS: readonly HighlightColour[] = ['yellow', 'green', 'blue', 'pink'];
const COLOUR_KEYS: Record<HighlightColour, string> = {
  yellow: 'hlColourYellow',
  green: 'hlColourGreen',
  blue: 'hlColourBlue',
  pink: 'hlColourPink',
};
export const colourName = (c: HighlightColour) => t(COLOUR_KEYS[c]);

export interface HighlightsApi {
  /** The favourite's highlights (none when the article is not saved). */
  list(): Promise<Highlight[]>;
  /** Adds one; `savedNow` when the article had to be saved first to keep it. */
  add(input: HighlightInput): Promise<{ highlight: Highlight | null; savedNow?: boolean }>;
  update(id: string, patch: HighlightPatch): Promise<Highlight | null>;
  remove(id: string): Promise<boolean>;
  /** Puts a removed highlight back as it was (Undo). */
  restore(highlight: Highlight): Promise<boolean>;
}

export interface ArticleHighlightsProps {
  api: HighlightsApi;
  /** The article's body (`.bs-content`), filled before this runs. */
  bodyRef: RefObject<HTMLElement>;
  /** Changes when the body is filled anew. */
  article: unknown;
  /** Changes when the article was saved or removed elsewhere: the list is read again. */
  savedKey?: unknown;
  /** A highlight to bring into view once placed (reader.html?hl=…). */
  focusId?: string | null;
}

interface Point {
  top: number;
  left: number;
}

/** As the store lists them: by place in the article (the earlier one holds the nested mark). */
const inReadingOrder = (list: Highlight[]) =>
  list.sort((a, b) => a.position.start - b.position.start || a.at - b.at);

type ShadowWithSelection = ShadowRoot & { getSelection?: () => Selection | null };

/** The selected range, clipped to `root`; null when nothing in it is selected. */
export function selectedRange(root: Element): Range | null {
  const doc = root.ownerDocument;
  const node = root.getRootNode();
  const shadow = node.nodeType === 11 && 'host' in node ? (node as ShadowRoot) : null;
  const sel = (shadow as ShadowWithSelection | null)?.getSelection?.() ?? doc.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  let range: Range | null = null;
  const composed = (
    sel as Selection & {
      getComposedRanges?: (o: { shadowRoots: ShadowRoot[] }) => StaticRange[];
    }
  ).getComposedRanges;
  if (shadow && composed) {
    try {
      const [r] = composed.call(sel, { shadowRoots: [shadow] });
      if (r && !r.collapsed) {
        range = doc.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
      }
    } catch {
      range = null;
    }
  }
  range ??= sel.getRangeAt(0).cloneRange();
  if (!range.intersectsNode(root)) return null;
  // A selection that starts in the headline or runs past the body keeps the body's part.
  if (!root.contains(range.startContainer)) range.setStart(root, 0);
  if (!root.contains(range.endContainer)) range.setEnd(root, root.childNodes.length);
  return range.collapsed ? null : range;
}

/** Where just below a rect is, relative to the box the popovers are positioned in. */
function pointBelow(rect: DOMRect, box: HTMLElement): Point {
  const outer = (box.offsetParent ?? box.parentElement ?? box).getBoundingClientRect();
  return { top: rect.bottom - outer.top + 6, left: Math.max(0, rect.left - outer.left) };
}

export function ArticleHighlights(props: ArticleHighlightsProps) {
  const { api, bodyRef } = props;
  const [list, setList] = useState<Highlight[]>([]);
  const [unplaced, setUnplaced] = useState<Highlight[]>([]);
  const [selection, setSelection] = useState<{ input: HighlightInput; at: Point } | null>(null);
  const [active, setActive] = useState<{ id: string; at: Point } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [colour, setColour] = useState<HighlightColour>('yellow');
  const [status, setStatus] = useState('');
  /** The highlight just removed, for Undo. */
  const [removed, setRemoved] = useState<Highlight | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const reload = useCallback(() => {
    api.list().then(
      (items) => setList(items),
      () => setList([]),
    );
  }, [api]);
  useEffect(reload, [reload, props.savedKey]);

  // The marks, placed again whenever the body is filled or the list changes.
  useLayoutEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    const { unplaced: lost } = placeAll(root, list, (mark, h) => {
      mark.setAttribute(HIGHLIGHT_ATTR, h.id);
      mark.className = `bs-hl bs-hl-${h.colour}`;
      mark.tabIndex = 0;
      mark.setAttribute('role', 'button');
      mark.setAttribute('aria-expanded', 'false');
      if (h.note) mark.title = h.note;
    });
    setUnplaced((before) =>
      before.length === lost.length && before.every((h, i) => h === lost[i]) ? before : lost,
    );
    return () => unwrap(root);
  }, [props.article, list, bodyRef]);

  // The open highlight's marks say so (Escape in the in-page reader closes what is expanded).
  useLayoutEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    for (const mark of root.querySelectorAll(`mark[${HIGHLIGHT_ATTR}]`)) {
      const mine = mark.getAttribute(HIGHLIGHT_ATTR) === active?.id;
      mark.setAttribute('aria-expanded', mine ? 'true' : 'false');
      mark.classList.toggle('bs-hl-active', mine);
    }
  }, [active, list, props.article, bodyRef]);

  const focused = useRef(false);
  useEffect(() => {
    const root = bodyRef.current;
    if (!root || !props.focusId || focused.current) return;
    const mark = [...root.querySelectorAll(`mark[${HIGHLIGHT_ATTR}]`)].find(
      (m) => m.getAttribute(HIGHLIGHT_ATTR) === props.focusId,
    ) as HTMLElement | undefined;
    if (!mark) return;
    focused.current = true;
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
  }, [list, props.focusId, bodyRef]);

  // What is selected in the article, as it changes.
  useEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    const doc = root.ownerDocument;
    const look = () => {
      const range = selectedRange(root);
      const anchor = range ? describeRange(root, range) : null;
      const box = boxRef.current;
      if (!range || !anchor || !box) {
        // Focus moved to the Highlight button (Tab): the selection it acts on is kept.
        const inBox = box?.contains((root.getRootNode() as Document | ShadowRoot).activeElement);
        if (!inBox) setSelection(null);
        return;
      }
      // Below the selection's last line (the end's element where ranges have no boxes).
      const rects = range.getClientRects?.();
      const last =
        rects?.[rects.length - 1] ??
        range.getBoundingClientRect?.() ??
        (range.endContainer.parentElement ?? root).getBoundingClientRect();
      setSelection({ input: { ...anchor, colour }, at: pointBelow(last, box) });
      setActive(null);
    };
    doc.addEventListener('selectionchange', look);
    root.addEventListener('mouseup', look);
    root.addEventListener('keyup', look);
    return () => {
      doc.removeEventListener('selectionchange', look);
      root.removeEventListener('mouseup', look);
      root.removeEventListener('keyup', look);
    };
  }, [bodyRef, colour, props.article]);

  // A click (or Enter, Space) on a mark opens what it offers.
  useEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    const open = (event: Event) => {
      const mark = (event.target as Element | null)?.closest?.(`mark[${HIGHLIGHT_ATTR}]`);
      const box = boxRef.current;
      if (!mark || !box || !root.contains(mark)) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
      } else if (selectedRange(root)) return; // selecting, not clicking
      const id = mark.getAttribute(HIGHLIGHT_ATTR) ?? '';
      setSelection(null);
      setEditing(null);
      setActive((current) =>
        current?.id === id ? null : { id, at: pointBelow(mark.getBoundingClientRect(), box) },
      );
    };
    root.addEventListener('click', open);
    root.addEventListener('keydown', open);
    return () => {
      root.removeEventListener('click', open);
      root.removeEventListener('keydown', open);
    };
  }, [bodyRef]);

  useEffect(() => {
    if (editing) noteRef.current?.focus();
  }, [editing]);

  // The keyboard's way (as in Hypothesis): with text selected in the article, H highlights it.
  const highlightRef = useRef<(input: HighlightInput) => void>(() => {});
  useEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    const win = root.ownerDocument.defaultView ?? window;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'h' && event.key !== 'H') return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.composedPath()[0] as HTMLElement | undefined;
      if (target?.closest?.('input, textarea, select, [contenteditable]')) return;
      const range = selectedRange(root);
      const anchor = range ? describeRange(root, range) : null;
      if (!anchor) return;
      // Ours, not the page's (under the in-page reader, a site's own shortcut for H).
      event.preventDefault();
      event.stopImmediatePropagation();
      highlightRef.current({ ...anchor, colour: 'yellow' });
    };
    win.addEventListener('keydown', onKey, true);
    return () => win.removeEventListener('keydown', onKey, true);
  }, [bodyRef, props.article]);

  const fail = (error: unknown) =>
    setStatus(t('hlFailed', String((error as Error)?.message ?? error)));

  const highlight = (chosen: HighlightColour, input = selection?.input) => {
    if (!input) return;
    setColour(chosen);
    setSelection(null);
    api.add({ ...input, colour: chosen }).then(({ highlight: made, savedNow }) => {
      if (!made) return fail(t('hlNotSaved'));
      const root = bodyRef.current;
      const sel = (root?.getRootNode() as ShadowWithSelection | undefined)?.getSelection?.();
      (sel ?? root?.ownerDocument.getSelection())?.removeAllRanges();
      setList((items) => inReadingOrder([...items, made]));
      setRemoved(null);
      setStatus(savedNow ? t('hlSavedFirst') : '');
    }, fail);
  };

  highlightRef.current = (input) => highlight(colour, input);

  const change = (id: string, patch: HighlightPatch) =>
    api.update(id, patch).then((next) => {
      if (next) setList((items) => items.map((h) => (h.id === id ? next : h)));
    }, fail);

  const remove = (id: string) => {
    const gone = list.find((h) => h.id === id) ?? null;
    return api.remove(id).then(() => {
      setList((items) => items.filter((h) => h.id !== id));
      setActive(null);
      setEditing(null);
      setRemoved(gone);
      setStatus(gone ? t('hlRemoved') : '');
    }, fail);
  };

  const undo = () => {
    const back = removed;
    if (!back) return;
    setRemoved(null);
    api.restore(back).then((ok) => {
      if (!ok) return fail(t('hlNotSaved'));
      setList((items) => inReadingOrder([...items, back]));
      setStatus('');
    }, fail);
  };

  const current = active ? list.find((h) => h.id === active.id) : undefined;
  // Buttons that act on the selection must not take it away on mousedown.
  const keep = (event: MouseEvent) => event.preventDefault();

  return (
    <div class="bs-hl-layer" ref={boxRef}>
      {selection && (
        <fieldset
          class="bs-hl-pop"
          aria-label={t('hlHighlight')}
          style={{ top: `${selection.at.top}px`, left: `${selection.at.left}px` }}
          onMouseDown={keep}
        >
          <button
            type="button"
            class="bs-hl-main"
            aria-keyshortcuts="h"
            title={t('hlShortcut')}
            onClick={() => highlight(colour)}
          >
            <span class={`bs-hl-swatch bs-hl-${colour}`} aria-hidden="true" />
            {t('hlHighlight')}
          </button>
          {COLOURS.filter((c) => c !== colour).map((c) => (
            <button
              key={c}
              type="button"
              class="bs-hl-colour"
              title={t('hlHighlightIn', colourName(c).toLowerCase())}
              aria-label={t('hlHighlightIn', colourName(c).toLowerCase())}
              onClick={() => highlight(c)}
            >
              <span class={`bs-hl-swatch bs-hl-${c}`} aria-hidden="true" />
            </button>
          ))}
        </fieldset>
      )}
      {active && current && (
        <fieldset
          class="bs-hl-pop bs-hl-card"
          aria-label={t('hlHighlightActions')}
          style={{ top: `${active.at.top}px`, left: `${active.at.left}px` }}
        >
          {current.note && editing !== current.id && <p class="bs-hl-note">{current.note}</p>}
          {editing === current.id ? (
            <NoteEditor
              initial={current.note ?? ''}
              inputRef={noteRef}
              onSave={(note) => {
                setEditing(null);
                void change(current.id, { note });
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <div class="bs-hl-actions">
              <button type="button" onClick={() => setEditing(current.id)}>
                {current.note ? t('hlEditNote') : t('hlAddNote')}
              </button>
              {COLOURS.map((c) => (
                <button
                  key={c}
                  type="button"
                  class="bs-hl-colour"
                  aria-label={colourName(c)}
                  title={colourName(c)}
                  aria-pressed={current.colour === c ? 'true' : 'false'}
                  onClick={() => void change(current.id, { colour: c })}
                >
                  <span class={`bs-hl-swatch bs-hl-${c}`} aria-hidden="true" />
                </button>
              ))}
              <button type="button" onClick={() => void remove(current.id)}>
                {t('hlRemove')}
              </button>
            </div>
          )}
        </fieldset>
      )}
      <p class="bs-hl-status" role="status">
        {status}
        {removed && status && (
          <>
            {' '}
            <button type="button" onClick={undo}>
              {t('favUndo')}
            </button>
          </>
        )}
      </p>
      {unplaced.length > 0 && (
        <section class="bs-hl-unplaced" aria-labelledby="bs-hl-unplaced-title">
          <h2 id="bs-hl-unplaced-title">{t('hlUnplacedHeading')}</h2>
          <p>{t('hlUnplacedHelp')}</p>
          <ul>
            {unplaced.map((h) => (
              <li key={h.id} class={`bs-hl-lost bs-hl-${h.colour}`}>
                <blockquote>{h.quote.exact}</blockquote>
                {h.note && <p class="bs-hl-note">{h.note}</p>}
                <button type="button" onClick={() => void remove(h.id)}>
                  {t('hlRemove')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function NoteEditor(props: {
  initial: string;
  inputRef: RefObject<HTMLTextAreaElement>;
  onSave: (note: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(props.initial);
  return (
    <form
      class="bs-hl-form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(draft);
      }}
    >
      <textarea
        ref={props.inputRef}
        aria-label={t('hlNote')}
        rows={3}
        value={draft}
        maxLength={10_000}
        onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            props.onSave(draft);
          }
        }}
      />
      <div class="bs-hl-actions">
        <button type="submit">{t('hlSaveNote')}</button>
        <button type="button" onClick={props.onCancel}>
          {t('hlCancel')}
        </button>
      </div>
    </form>
  );
}
