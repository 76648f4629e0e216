/**
 * Highlights as Markdown, to take elsewhere (a notes app, a wiki): one article's, or every
 * article's in one file. Pure. The article's words and the notes are text: what Markdown would
 * read as markup in them (emphasis, links, HTML, headings at a line's start) is escaped, so a
 * note with `<b>` shows `<b>`.
 */
import type { Favourite, Highlight } from '../favourites/types';

export type MarkdownArticle = Pick<Favourite, 'title' | 'url' | 'site'> &
  Partial<Pick<Favourite, 'siteName' | 'byline'>>;

export interface MarkdownGroup {
  article: MarkdownArticle;
  /** In reading order (by their place in the article). */
  highlights: Highlight[];
}

/** Markdown's special characters in running text, escaped with a backslash. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>|~{}]/g, (c) => `\\${c}`)
      // What would start a heading, list, quote or rule at the start of a line.
      .replace(/^(\s*)([#+\-=>])/gm, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
  );
}

/** A URL as a Markdown link target: only http(s), with what would end the link encoded. */
function linkTarget(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return null;
  }
}

/** Lines of text, each escaped, joined as one block (hard line breaks kept). */
function lines(text: string, prefix = ''): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `${prefix}${escapeMarkdown(line.trim())}`.trimEnd())
    .join('\n');
}

/** One article's highlights and notes as Markdown, under its title (a level-`level` heading). */
export function articleMarkdown(group: MarkdownGroup, level = 1): string {
  const { article } = group;
  const target = linkTarget(article.url);
  const title = escapeMarkdown(article.title.replace(/\s+/g, ' ').trim() || article.url);
  const source = [article.siteName || article.site, article.byline]
    .filter(Boolean)
    .map((s) => escapeMarkdown(String(s)))
    .join(' · ');
  const out = [`${'#'.repeat(level)} ${title}`, ''];
  if (target) out.push(`<${target}>${source ? ` · ${source}` : ''}`, '');
  else if (source) out.push(source, '');
  const sorted = [...group.highlights].sort((a, b) => a.position.start - b.position.start);
  for (const h of sorted) {
    out.push(lines(h.quote.exact, '> '), '');
    if (h.note) out.push(lines(h.note), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Every article's highlights in one file, each article under a heading of its own. */
export function allMarkdown(groups: MarkdownGroup[], heading: string): string {
  const parts = [`# ${escapeMarkdown(heading)}`, ''];
  for (const group of groups) parts.push(articleMarkdown(group, 2), '');
  return `${parts.join('\n').trimEnd()}\n`;
}

/** A file name for an article's highlights: its title, made safe for any file system. */
export function markdownFileName(title: string, fallback = 'highlights'): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${base || fallback}.md`;
}

/** Highlights grouped by favourite, the groups in the order their first highlight comes. */
export function groupByFavourite(highlights: Highlight[]): Map<string, Highlight[]> {
  const groups = new Map<string, Highlight[]>();
  for (const h of highlights) {
    const list = groups.get(h.fav);
    if (list) list.push(h);
    else groups.set(h.fav, [h]);
  }
  return groups;
}
