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
}

/** reader.html: a saved article in the same reader UI, or words saying it was not found. */
export function OfflineReader(props: OfflineReaderProps) {
  const [state, setState] = useState<{ article: Article | null; done: boolean }>({
    article: null,
    done: false,
  });
  useEffect(() => {
    let live = true;
    const id = props.id;
    const pending = id ? props.load(id).catch(() => null) : Promise.resolve(null);
    void pending.then((article) => {
      if (live) setState({ article, done: true });
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
    />
  );
}
