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

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const popup = await h.openPopup(page);
    await popup.getByRole('button', { name: 'Reader view' }).click();
    await popup.close();
    await page.bringToFront();
    const dialog = page.getByRole('dialog', { name: 'Reader view' });
    await dialog.waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${OUT}/reader${scheme === 'dark' ? '-dark' : ''}.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const options = await h.context.newPage();
    await options.emulateMedia({ colorScheme: scheme });
    await options.setViewportSize({ width: 900, height: 1100 });
    await options.goto(h.extensionUrl('options.html'));
    await options.waitForTimeout(400);
    await options.screenshot({ path: `${OUT}/options${scheme === 'dark' ? '-dark' : ''}.png` });
    await options.close();
  }
  console.log(`screenshots written to ${OUT}/`);
} finally {
  await h.close();
}
