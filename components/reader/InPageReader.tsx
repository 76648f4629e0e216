import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Article } from '@/utils/article/types';
import type { HighlightInput, HighlightPatch } from '@/utils/favourites/highlights-store';
import type { Highlight } from '@/utils/favourites/types';
import type { HighlightsApi } from '../highlights/ArticleHighlights';
import type { ProgressOptions } from './progress';
import { ReaderMessage, type ReaderMessageKind } from './ReaderMessage';
import { ReaderView } from './ReaderView';
import type { ReaderTags } from './Toolbar';
import { useReaderSettings } from './useReaderSettings';

export interface InPageReaderProps {
  /** The article, or why there is none. */
  initial: Article | ReaderMessageKind;
  /** "Try anyway" on the whole page; null when that finds nothing either. */
  tryAnyway: () => Article | null;
  onClose: () => void;
  /** Saves (or unsaves) the article; resolves to whether it is saved now. */
  onSave: (article: Article) => Promise<boolean>;
  saved: boolean;
  /** The saved favourite's tags (through the background). */
  tags?: ReaderTags;
  /** Where reading stopped, and where to report how far it gets. */
  progress?: ProgressOptions;
  /** The page's highlights; `add` saves `article` first when the page is not saved yet. */
  highlights?: {
    list(): Promise<Highlight[]>;
    add(
      input: HighlightInput,
      article?: Article,
    ): Promise<{ highlight: Highlight | null; savedNow?: boolean }>;
    update(id: string, patch: HighlightPatch): Promise<Highlight | null>;
    remove(id: string): Promise<boolean>;
    restore(highlight: Highlight): Promise<boolean>;
  };
}

/** The reader in the page's overlay: the article, or words saying why not. */
export function InPageReader(props: InPageReaderProps) {
  const [settings, setSettings] = useReaderSettings();
  const [content, setContent] = useState(props.initial);
  const [saved, setSaved] = useState(props.saved);
  const [tried, setTried] = useState(false);
  // Saved or removed elsewhere (the popup, the shortcut) while the reader is open.
  useEffect(() => setSaved(props.saved), [props.saved]);
  const given = props.highlights;
  const article = typeof content === 'string' ? null : content;
  const highlights = useMemo<HighlightsApi | undefined>(
    () =>
      given && article
        ? {
            list: () => given.list(),
            add: async (input) => {
              const result = await given.add(input, article);
              if (result.savedNow) setSaved(true);
              return result;
            },
            update: (id, patch) => given.update(id, patch),
            remove: (id) => given.remove(id),
            restore: (h) => given.restore(h),
          }
        : undefined,
    [given, article],
  );

  if (typeof content === 'string') {
    const canTry = content === 'no-article' && !tried;
    return (
      <ReaderMessage
        kind={content}
        settings={settings}
        onClose={props.onClose}
        onTryAnyway={
          canTry
            ? () => {
                setTried(true);
                setContent(props.tryAnyway() ?? 'no-article');
              }
            : undefined
        }
      />
    );
  }
  return (
    <ReaderView
      article={content}
      settings={settings}
      onSettingsChange={setSettings}
      onClose={props.onClose}
      originalClosesReader
      progress={props.progress}
      saved={saved}
      tags={props.tags}
      highlights={highlights}
      onSave={() => {
        void props.onSave(content).then(setSaved, () => undefined);
      }}
    />
  );
}
