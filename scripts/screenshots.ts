/**
 * The README's pictures, taken from the built extension in headless Chromium:
 * docs/screenshots/*.png. Run `npm run screenshots` (it builds first).
 */
import { mkdirSync } from 'node:fs';
import { startHarness } from '../tests/e2e/harness';
import { OVERLAY_GRACE_MS } from '../utils/content/timing';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });
const h = await startHarness();
try {
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${h.siteA.origin}/cleanup/seed-fr.html`);
  await page.waitForTimeout(OVERLAY_GRACE_MS + 1200);
  await page.screenshot({ path: `${OUT}/cleaned-page.png` });

  for (const scheme of ['light', 'dark'] as const) {
    const popup = await h.openPopup(page);
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup
      .getByRole('status')
      .filter({ hasText: /detected/ })
      .waitFor();
    await popup.waitForTimeout(300);
    await popup.screenshot({ path: `${OUT}/popup-${scheme}.png` });
    await popup.close();
  }

  const popup = await h.openPopup(page);
  await popup.getByRole('button', { name: 'Reader view' }).click();
  await page.bringToFront();
  await page.getByRole('dialog', { name: 'Reader view' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/reader.png` });
  await popup.close();

  const options = await h.context.newPage();
  await options.setViewportSize({ width: 900, height: 900 });
  await options.goto(h.extensionUrl('options.html'));
  await options.waitForTimeout(300);
  await options.screenshot({ path: `${OUT}/options.png` });
  console.log(`screenshots written to ${OUT}/`);
} finally {
  await h.close();
}
