/**
 * highlights.html: every highlight, newest first, each with its note and a link to its article
 * (the offline copy in reader.html); `?fav=<id>` shows one favourite's. Searchable (quote and
 * note). Export to Markdown: the article's file on `?fav=`, every article in one file otherwise.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Favourite, Highlight } from '@/utils/favourites/types';
import {
  allMarkdown,
  articleMarkdown,
  groupByFavourite,
  type MarkdownGroup,
  markdownFileName,
} from '@/utils/highlights/markdown';
import { t, uiLocale } from '@/utils/i18n';

export interface HighlightsSource {
  /** Highlights whose quote or note holds every word of `query`, newest first. */
  search(query: string, fav?: string): Promise<Highlight[]>;
  favourite(id: string): Promise<Favourite | null>;
}

export interface HighlightsPageProps {
  source: HighlightsSource;
  /** Only this favourite's highlights. */
  fav?: string | null;
  /** Where files go; a download link by default. */
  download?: (name: string, text: string) => void;
}

/** How many are drawn at first; `Show more` draws more. */
const PAGE = 200;

function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const readerLink = (h: Pick<Highlight, 'fav' | 'id'>) =>
  `reader.html?id=${encodeURIComponent(h.fav)}&hl=${encodeURIComponent(h.id)}`;

export function HighlightsPage(props: HighlightsPageProps) {
  const { source } = props;
  const fav = props.fav || undefined;
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<Highlight[] | null>(null);
  const [favs, setFavs] = useState<Map<string, Favourite | null>>(new Map());
  const [limit, setLimit] = useState(PAGE);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    source.search(query, fav).then(
      async (found) => {
        if (!live) return;
        setItems(found);
        setLimit(PAGE);
        const missing = [...new Set(found.map((h) => h.fav))].filter((id) => !favs.has(id));
        if (fav && !favs.has(fav) && !missing.includes(fav)) missing.push(fav);
        if (!missing.length) return;
        const got = await Promise.all(missing.map((id) => source.favourite(id).catch(() => null)));
        if (!live) return;
        setFavs((known) => {
          const next = new Map(known);
          missing.forEach((id, i) => {
            next.set(id, got[i] ?? null);
          });
          return next;
        });
      },
      (e: unknown) => live && setError(String((e as Error)?.message ?? e)),
    );
    return () => {
      live = false;
    };
  }, [source, query, fav]);

  const locale = uiLocale();
  const dateOf = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    return (at: number) => format.format(at);
  }, [locale]);

  const only = fav ? favs.get(fav) : undefined;
  const articleOf = (id: string) => favs.get(id) ?? null;

  const exportMarkdown = () => {
    const shown = items ?? [];
    const save = props.download ?? downloadText;
    const groups: MarkdownGroup[] = [...groupByFavourite(shown)].map(([id, list]) => {
      const f = articleOf(id);
      return {
        article: f ?? { title: id, url: id, site: '' },
        highlights: list,
      };
    });
    if (fav && groups[0]) {
      save(markdownFileName(groups[0].article.title), articleMarkdown(groups[0]));
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    save(`broadsheet-highlights-${day}.md`, allMarkdown(groups, t('hlPageTitle')));
  };

  const count = items?.length ?? 0;
  return (
    <main class="hl-page">
      <header class="hl-head">
        <h1>{t('hlPageTitle')}</h1>
        {fav && (
          <p class="hl-context">
            {only ? (
              <a href={`reader.html?id=${encodeURIComponent(fav)}`}>{only.title}</a>
            ) : (
              <span>{only === null ? t('hlArticleGone') : ''}</span>
            )}
            {' · '}
            <a href="highlights.html">{t('hlAllHighlights')}</a>
          </p>
        )}
      </header>
      <div class="hl-tools">
        <input
          type="search"
          class="hl-search"
          aria-label={t('hlSearch')}
          placeholder={t('hlSearch')}
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
        <button type="button" onClick={exportMarkdown} disabled={!count}>
          {t('hlExport')}
        </button>
      </div>
      <p class="hl-count" role="status">
        {items === null
          ? t('hlLoading')
          : count === 0
            ? query.trim()
              ? t('hlNoMatch')
              : t('hlNone')
            : count === 1
              ? t('hlCountOne')
              : t('hlCountMany', count.toLocaleString(locale))}
      </p>
      {error && (
        <p class="hl-error" role="alert">
          {error}
        </p>
      )}
      {count > 0 && (
        <ul class="hl-list" aria-label={t('hlPageTitle')}>
          {(items ?? []).slice(0, limit).map((h) => {
            const article = articleOf(h.fav);
            return (
              <li key={h.id} class={`hl-item hl-${h.colour}`}>
                <blockquote class="hl-quote">{h.quote.exact}</blockquote>
                {h.note && <p class="hl-note">{h.note}</p>}
                <p class="hl-meta">
                  <a href={readerLink(h)}>{article?.title ?? t('hlArticleGone')}</a>
                  {article && <span> · {article.siteName || article.site}</span>}
                  <span> · {dateOf(h.at)}</span>
                  {!fav && (
                    <>
                      {' · '}
                      <a href={`highlights.html?fav=${encodeURIComponent(h.fav)}`}>
                        {t('hlAllOfArticle')}
                      </a>
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {count > limit && (
        <button type="button" onClick={() => setLimit((n) => n + PAGE)}>
          {t('hlShowMore')}
        </button>
      )}
    </main>
  );
}
