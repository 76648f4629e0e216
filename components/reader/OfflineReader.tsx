import { useEffect, useState } from 'preact/hooks';
import type { Article } from '@/utils/article/types';
import type { ReaderSettings } from '@/utils/reader-settings';
import { ReaderMessage } from './ReaderMessage';
import { ReaderView } from './ReaderView';

export interface OfflineReaderProps {
  id: string | null;
  load: (id: string) => Promise<Article | null>;
  settings: ReaderSettings;
  onSettingsChange: (next: ReaderSettings) => void;
  /** Where the page title goes; `document` by default. */
  doc?: Document;
  /** Where reading stopped in favourite `id` (0 to 1). */
  progressOf?: (id: string) => Promise<number>;
  /** Remembers how far reading got in favourite `id`. */
  onProgress?: (id: string, progress: number) => void;
}

/** reader.html: a saved article in the same reader UI, or words saying it was not found. */
export function OfflineReader(props: OfflineReaderProps) {
  const [state, setState] = useState<{ article: Article | null; done: boolean; progress: number }>({
    article: null,
    done: false,
    progress: 0,
  });
  useEffect(() => {
    let live = true;
    const id = props.id;
    const pending = id ? props.load(id).catch(() => null) : Promise.resolve(null);
    const where = id && props.progressOf ? props.progressOf(id).catch(() => 0) : Promise.resolve(0);
    void Promise.all([pending, where]).then(([article, progress]) => {
      if (live) setState({ article, done: true, progress });
    });
    return () => {
      live = false;
    };
  }, [props.id, props.load]);

  useEffect(() => {
    const doc = props.doc ?? document;
    if (state.article) {
      doc.title = state.article.title;
      if (state.article.lang) doc.documentElement.lang = state.article.lang;
    }
  }, [state.article, props.doc]);

  if (!state.done) return <ReaderMessage kind="loading" settings={props.settings} />;
  if (!state.article) return <ReaderMessage kind="not-found" settings={props.settings} />;
  return (
    <ReaderView
      article={state.article}
      settings={props.settings}
      onSettingsChange={props.onSettingsChange}
      progress={{
        initial: state.progress,
        onChange: (p) => {
          if (props.id) props.onProgress?.(props.id, p);
        },
      }}
    />
  );
}
