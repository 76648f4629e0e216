/**
 * aeb/'s own scorer, `evaluate.py` (token-shingle precision, recall, F1), run as the benchmark
 * says: in a folder holding `ground-truth.json` and `output/<name>.json`. The folder is a temp copy
 * with the ground truth cut down to the pages that were run (the scorer wants the same keys).
 * Per page, the same script's own `string_shingle_matching` is called, so the worst-pages list
 * and the totals come from one scorer.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AEB, type AebPage } from './corpus';

export interface AebScore {
  f1: number;
  precision: number;
  recall: number;
  f1Std: number;
}

export interface AebResult {
  /** evaluate.py's printed table, by output name. */
  totals: Map<string, AebScore>;
  /** Per output name, per page id: that page's F1, precision and recall. */
  pages: Map<string, Map<string, { f1: number; precision: number; recall: number }>>;
  /** What evaluate.py printed. */
  printed: string;
}

const PER_PAGE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import evaluate as ev
truth = json.load(open('ground-truth.json', encoding='utf8'))
out = {}
for name in sys.argv[2:]:
    pred = json.load(open('output/%s.json' % name, encoding='utf8'))
    rows = {}
    for k, v in truth.items():
        tp, fp, fn = ev.string_shingle_matching(true=v.get('articleBody', ''), pred=pred[k].get('articleBody', ''))
        p = ev.precision_score(tp, fp, fn)
        r = ev.recall_score(tp, fp, fn)
        rows[k] = {'f1': 2 * p * r / (p + r) if p + r else 0.0, 'precision': p, 'recall': r}
    out[name] = rows
print(json.dumps(out))
`;

/** Scores `outputs` (name → page id → article text) on `pages` with evaluate.py. */
export function scoreAeb(pages: AebPage[], outputs: Map<string, Map<string, string>>): AebResult {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-aeb-'));
  try {
    const truth: Record<string, { articleBody: string; url: string }> = {};
    for (const p of pages) truth[p.id] = { articleBody: p.articleBody, url: p.url };
    writeFileSync(join(dir, 'ground-truth.json'), JSON.stringify(truth));
    copyFileSync(join(AEB, 'evaluate.py'), join(dir, 'evaluate.py'));
    mkdirSync(join(dir, 'output'));
    for (const [name, texts] of outputs) {
      const out: Record<string, { articleBody: string }> = {};
      for (const p of pages) out[p.id] = { articleBody: texts.get(p.id) ?? '' };
      writeFileSync(join(dir, 'output', `${name}.json`), JSON.stringify(out));
    }
    const printed = execFileSync('python3', ['evaluate.py'], { cwd: dir, encoding: 'utf8' });
    const totals = new Map<string, AebScore>();
    const num = String.raw`([\d.]+|nan) ± ([\d.]+|nan)`;
    const row = new RegExp(String.raw`^(\S+)\s+.*?${num}\s+${num}\s+${num}\s+${num}\s*$`);
    for (const line of printed.split('\n')) {
      const m = row.exec(line);
      if (!m) continue;
      totals.set(m[1] as string, {
        f1: Number(m[2]),
        f1Std: Number(m[3]),
        precision: Number(m[4]),
        recall: Number(m[6]),
      });
    }
    const perPage = JSON.parse(
      execFileSync('python3', ['-c', PER_PAGE, dir, ...outputs.keys()], {
        cwd: dir,
        encoding: 'utf8',
      }),
    ) as Record<string, Record<string, { f1: number; precision: number; recall: number }>>;
    const pagesOut = new Map(
      Object.entries(perPage).map(([name, rows]) => [name, new Map(Object.entries(rows))]),
    );
    return { totals, pages: pagesOut, printed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
