/** The evaluation corpora beside the project (never copied into it: see ../shared/corpus/README.md). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(process.env.BROADSHEET_CORPUS ?? '../shared/corpus');
export const READABILITY = join(CORPUS, 'readability');
export const POSTLIGHT = join(CORPUS, 'postlight');
export const AEB = join(CORPUS, 'aeb');

export interface CorpusPage {
  name: string;
  dir: string;
  meta: { title?: string; byline?: string; readerable?: boolean; lang?: string; dir?: string };
}

function need(dir: string): void {
  if (!existsSync(dir)) {
    throw new Error(`No corpus at ${dir} (set BROADSHEET_CORPUS to the shared corpus).`);
  }
}

/** readability/: one folder per page, `source.html`, `expected.html`, `expected-metadata.json`. */
export function corpusPages(): CorpusPage[] {
  need(READABILITY);
  return readdirSync(READABILITY, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(READABILITY, d.name, 'source.html')))
    .map((d) => ({
      name: d.name,
      dir: join(READABILITY, d.name),
      meta: JSON.parse(readFileSync(join(READABILITY, d.name, 'expected-metadata.json'), 'utf8')),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface Label {
  page: string;
  kind: string;
  selector: string;
  scope: string;
  note?: string;
}

function tsv(file: string): Label[] {
  const rows = readFileSync(join(CORPUS, file), 'utf8').replace(/\r/g, '').trim().split('\n');
  return rows.slice(1).map((r) => {
    const [page = '', kind = '', selector = '', scope = '', note = ''] = r.split('\t');
    return { page, kind, selector, scope, note };
  });
}

/** readability-comments-preloaders.tsv: `page`, `kind`, `selector`, `scope`. */
export function labels(): Label[] {
  return tsv('readability-comments-preloaders.tsv');
}

/** postlight-labels.tsv: `page`, `kind`, `selector`, `scope`, `note`. */
export function postlightLabels(): Label[] {
  return tsv('postlight-labels.tsv');
}

/** postlight/: one flat `<name>.html` per page; `name` is what the labels' `page` column says. */
export function postlightPages(): string[] {
  need(POSTLIGHT);
  return readdirSync(POSTLIGHT)
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.slice(0, -'.html'.length))
    .sort((a, b) => a.localeCompare(b));
}

export interface AebPage {
  id: string;
  url: string;
  articleBody: string;
}

/** aeb/: `html/<id>.html.gz` and `ground-truth.json` (`{id: {articleBody, url}}`). */
export function aebPages(): AebPage[] {
  need(AEB);
  const truth = JSON.parse(readFileSync(join(AEB, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; url?: string }
  >;
  return Object.entries(truth)
    .filter(([id]) => existsSync(join(AEB, 'html', `${id}.html.gz`)))
    .map(([id, v]) => ({ id, url: v.url ?? '', articleBody: v.articleBody ?? '' }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i] as number;
}
