/**
 * `npm run bench`: sizes of the built extension, then timings measured in Chromium.
 * Needs a build (`npm run build`); prints tables, and exits non-zero when a budget is broken.
 */
import { existsSync } from 'node:fs';
import { contentScriptTimes } from './content-time';
import { quantile } from './corpus';
import { ALWAYS_ON, ALWAYS_ON_BUDGET, sizes } from './sizes';
import { table } from './table';

const BUILD = '.output/chrome-mv3';
if (!existsSync(`${BUILD}/manifest.json`)) {
  console.error('No build in .output/chrome-mv3: run `npm run build` first.');
  process.exit(2);
}

const failures: string[] = [];
const rows = sizes(BUILD);
table(
  'Built files (Chrome MV3), bytes as shipped (minified) and gzipped',
  rows.map((r) => ({ file: r.file, bytes: r.bytes, gzip: r.gzip })),
);
const alwaysOn = rows.find((r) => r.file === ALWAYS_ON);
if (!alwaysOn) failures.push(`${ALWAYS_ON} is missing`);
else if (alwaysOn.bytes > ALWAYS_ON_BUDGET) {
  failures.push(`${ALWAYS_ON} is ${alwaysOn.bytes} B, over the ${ALWAYS_ON_BUDGET} B budget`);
}

// The always-on content script's main-thread time per corpus page (issue 3's budget).
const CONTENT_MEDIAN_MS = 3;
const CONTENT_P95_MS = 15;
const times = await contentScriptTimes(BUILD);
const ext = times.map((r) => r.extensionMs);
const readerable = times.map((r) => r.readerableMs);
table(
  `Content script main-thread time per page (ScriptDuration with the extension minus without; ${times.length} corpus pages, page scripts off)`,
  [
    {
      measure: 'Broadsheet content script',
      median: quantile(ext, 0.5).toFixed(2),
      p95: quantile(ext, 0.95).toFixed(2),
      max: Math.max(...ext).toFixed(2),
      budget: `<= ${CONTENT_MEDIAN_MS} ms median, <= ${CONTENT_P95_MS} ms p95`,
    },
    {
      measure: 'isProbablyReaderable alone (in the page)',
      median: quantile(readerable, 0.5).toFixed(2),
      p95: quantile(readerable, 0.95).toFixed(2),
      max: Math.max(...readerable).toFixed(2),
      budget: '',
    },
  ],
);
if (quantile(ext, 0.5) > CONTENT_MEDIAN_MS || quantile(ext, 0.95) > CONTENT_P95_MS) {
  failures.push(
    `content script ${quantile(ext, 0.5).toFixed(2)} ms median / ${quantile(ext, 0.95).toFixed(2)} ms p95, over ${CONTENT_MEDIAN_MS} / ${CONTENT_P95_MS} ms`,
  );
}

if (failures.length) {
  console.error(`\nOver budget:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nAll budgets met.');
