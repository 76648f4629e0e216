/**
 * Options page: Export (one JSON file through a Blob URL) and Import (a file input), with a
 * progress bar while importing, then what was imported and what was rejected, and why.
 */
import { useEffect, useState } from 'preact/hooks';
import { STORE_ERROR_KEYS, StoreError } from '@/utils/favourites/errors';
import type { OtherExportFormat } from '@/utils/favourites/export-formats';
import type { ImportRejection, ImportSummary } from '@/utils/favourites/import';
import { checkImportSize, parseImport } from '@/utils/favourites/import-parse';
import type { FavouriteInput } from '@/utils/favourites/types';
import { t, uiLocale } from '@/utils/i18n';
import { countText } from './format';
import './favourites.css';

export interface ImportExportSource {
  count(): Promise<number>;
  /** JSON text parts of a full export (see utils/favourites/export.ts). */
  exportParts(): Promise<string[]>;
  importEntries(
    entries: FavouriteInput[],
    onProgress: (done: number, total: number) => void,
  ): Promise<ImportSummary>;
  /** The library as a bookmarks file or a Pocket-style CSV (optional). */
  exportAs?(format: OtherExportFormat): Promise<{ text: string; type: string; fileName: string }>;
}

/** Downloads `parts` as a file, through a Blob URL (no downloads permission needed). */
function download(parts: BlobPart[], type: string, name: string) {
  const blob = new Blob(parts, { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ImportExportProps {
  source: ImportExportSource;
  /** Sanitizes offline HTML from a file (DOMPurify on the options page). */
  sanitize: (html: string) => string;
  /** Export file name. */
  fileName?: () => string;
  locale?: string;
}

type Outcome =
  | { kind: 'done'; summary: ImportSummary; rejected: ImportRejection[] }
  | { kind: 'refused'; message: string; rejected: ImportRejection[] };

const SHOWN_REJECTIONS = 50;

function errorText(error: unknown): string {
  if (error instanceof StoreError) return t(STORE_ERROR_KEYS[error.code]);
  return error instanceof Error ? error.message : String(error);
}

export function ImportExport({
  source,
  sanitize,
  fileName,
  locale = uiLocale(),
}: ImportExportProps) {
  const [count, setCount] = useState<number | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState('');

  const refreshCount = () => source.count().then(setCount, () => setCount(null));
  useEffect(() => {
    void refreshCount();
  }, [source]);

  async function onExport() {
    setExporting(true);
    setExportError('');
    try {
      const parts = await source.exportParts();
      download(
        parts,
        'application/json',
        fileName?.() ?? `broadsheet-favourites-${new Date().toISOString().slice(0, 10)}.json`,
      );
    } catch (error) {
      setExportError(errorText(error));
    } finally {
      setExporting(false);
    }
  }

  async function onExportAs(format: OtherExportFormat) {
    if (!source.exportAs) return;
    setExporting(true);
    setExportError('');
    try {
      const file = await source.exportAs(format);
      download([file.text], file.type, file.fileName);
    } catch (error) {
      setExportError(errorText(error));
    } finally {
      setExporting(false);
    }
  }

  async function onFile(event: Event) {
    const inputEl = event.currentTarget as HTMLInputElement;
    const file = inputEl.files?.[0];
    if (!file) return;
    setOutcome(null);
    setProgress({ done: 0, total: 0 });
    try {
      const head = await file.slice(0, 4096).text();
      const tooBig = checkImportSize(file.size, head);
      if (tooBig) {
        setOutcome({ kind: 'refused', message: tooBig, rejected: [] });
        return;
      }
      const parsed = parseImport(await file.text(), { sanitize });
      if (parsed.error) {
        setOutcome({ kind: 'refused', message: parsed.error, rejected: parsed.rejected });
        return;
      }
      setProgress({ done: 0, total: parsed.accepted.length });
      const summary = await source.importEntries(parsed.accepted, (done, total) =>
        setProgress({ done, total }),
      );
      setOutcome({ kind: 'done', summary, rejected: parsed.rejected });
    } catch (error) {
      setOutcome({
        kind: 'refused',
        message: t('favImportFailed', [errorText(error)]),
        rejected: [],
      });
    } finally {
      setProgress(null);
      inputEl.value = '';
      await refreshCount();
    }
  }

  const rejected = outcome?.rejected ?? [];
  return (
    <section class="fav-data" aria-labelledby="fav-data-heading">
      <h2 id="fav-data-heading">{t('favDataHeading')}</h2>
      <p class="fav-count">
        {count !== null && countText(count, locale, 'favCountOne', 'favCountOther')}
      </p>
      <div class="fav-data-actions">
        <button type="button" onClick={() => void onExport()} disabled={exporting}>
          {t('favExport')}
        </button>
        {source.exportAs && (
          <>
            <button
              type="button"
              onClick={() => void onExportAs('netscape-html')}
              disabled={exporting}
            >
              {t('favExportBookmarks')}
            </button>
            <button
              type="button"
              onClick={() => void onExportAs('pocket-csv')}
              disabled={exporting}
            >
              {t('favExportPocket')}
            </button>
          </>
        )}
        <label class="button fav-import">
          {t('favImport')}
          <input
            type="file"
            accept=".json,.csv,.html,.htm,application/json,text/csv,text/html"
            onChange={(e) => void onFile(e)}
            disabled={progress !== null}
          />
        </label>
      </div>
      <p class="muted">{t('favImportHelp')}</p>
      {exportError && (
        <p class="error" role="alert">
          {exportError}
        </p>
      )}
      {progress && (
        <progress
          aria-label={t('favImporting')}
          max={progress.total || undefined}
          value={progress.total ? progress.done : undefined}
        />
      )}
      <div role="status" class="fav-import-result">
        {outcome && (
          <>
            {outcome.kind === 'done' ? (
              <p>
                {t('favImportDone', [
                  String(outcome.summary.added),
                  String(outcome.summary.updated),
                  String(outcome.summary.unchanged),
                ])}
              </p>
            ) : (
              <p class="error">{outcome.message}</p>
            )}
            {rejected.length > 0 && (
              <>
                <p>{t('favImportRejected', [String(rejected.length)])}</p>
                <ul class="fav-rejections">
                  {rejected.slice(0, SHOWN_REJECTIONS).map((r) => (
                    <li key={r.row}>{t('favImportRow', [String(r.row), r.reason])}</li>
                  ))}
                  {rejected.length > SHOWN_REJECTIONS && (
                    <li>{t('favImportMore', [String(rejected.length - SHOWN_REJECTIONS)])}</li>
                  )}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
