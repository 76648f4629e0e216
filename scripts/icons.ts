/**
 * Draws public/icon/*.png (and the muted variant shown on pages without an article) from
 * scripts/icon.svg with headless Chromium. Run after changing the SVG: `npx tsx scripts/icons.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/chromium';

const svg = readFileSync('scripts/icon.svg', 'utf8');
const muted = svg.replace('#8a1c1c"/>', '#6b6b6b"/>').replaceAll('#8a1c1c', '#6b6b6b');

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
for (const [dir, source] of [
  ['icon', svg],
  ['icon-muted', muted],
] as const) {
  mkdirSync(`public/${dir}`, { recursive: true });
  for (const size of [16, 32, 48, 128]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`,
    );
    const png = await page.screenshot({ omitBackground: true });
    writeFileSync(`public/${dir}/${size}.png`, png);
  }
}
await browser.close();
console.log('icons written to public/icon and public/icon-muted');
