import { t } from '@/utils/i18n';
import { DEFAULT_READER_SETTINGS, type ReaderSettings } from '@/utils/reader-settings';
import { ReaderRoot } from './ReaderView';

export type ReaderMessageKind = 'no-article' | 'too-large' | 'not-found' | 'loading';

const TEXT: Record<ReaderMessageKind, string> = {
  'no-article': 'readerNoArticle',
  'too-large': 'readerTooLarge',
  'not-found': 'readerNotFound',
  loading: 'readerLoading',
};

export interface ReaderMessageProps {
  kind: ReaderMessageKind;
  settings?: ReaderSettings;
  /** "Try anyway": extract from the whole page. Offered when there is no article. */
  onTryAnyway?: () => void;
  onClose?: () => void;
}

/** What the reader says instead of an article: never a blank box. */
export function ReaderMessage(props: ReaderMessageProps) {
  const settings = props.settings ?? DEFAULT_READER_SETTINGS;
  return (
    <ReaderRoot settings={settings}>
      <div class="bs-message" role="status">
        <p>{t(TEXT[props.kind])}</p>
        {props.kind === 'no-article' && props.onTryAnyway && <p>{t('readerNoArticleHint')}</p>}
        <div class="bs-actions">
          {props.kind === 'no-article' && props.onTryAnyway && (
            <button type="button" onClick={props.onTryAnyway}>
              {t('readerTryAnyway')}
            </button>
          )}
          {props.onClose && (
            <button type="button" onClick={props.onClose}>
              {t('readerClose')}
            </button>
          )}
        </div>
      </div>
    </ReaderRoot>
  );
}
