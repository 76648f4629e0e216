/**
 * `npm run bench`: sizes of the built extension, then timings measured in Chromium.
 * Needs a build (`npm run build`); prints tables, and exits non-zero when a budget is broken.
 */
import { existsSync } from 'node:fs';
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

if (failures.length) {
  console.error(`\nOver budget:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nAll budgets met.');
