import { expect, test, type Page } from '@playwright/test';
import { openInDashboard } from '../e2e/support/dashboard-host.ts';
import { E2E, SEEDED } from '../e2e/support/e2e-env.ts';
import { trackNetwork, waitForQuietNetwork } from '../e2e/support/network-activity.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

const OUT = 'docs/screenshots';

async function settle(page: Page): Promise<void> {
  await waitForQuietNetwork(page);
  await page.mouse.move(0, 0);
}

for (const lang of ['en', 'fr'] as const) {
  test(`list, form and details in ${lang}`, async ({ page }) => {
    trackNetwork(page);
    // The list as the central dashboard shows it: a 1440 px window with its 256 px drawer.
    const frame = await openInDashboard(page, {
      width: 1440,
      height: 900,
      namespace: E2E.namespace,
      appPath: `/?lang=${lang}`,
    });
    await expect(frame.getByTestId(`notebook-status-${SEEDED.ready}`)).toHaveAttribute('data-phase', 'ready');
    await settle(page);
    await page.screenshot({ path: `${OUT}/list-${lang}.png` });

    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`/new?ns=${E2E.namespace}&lang=${lang}`);
    await page.getByTestId('form-name').fill('my-notebook');
    await settle(page);
    await page.screenshot({ path: `${OUT}/form-${lang}.png` });

    await page.goto(`/notebook/details/${E2E.namespace}/${SEEDED.ready}?ns=${E2E.namespace}&lang=${lang}`);
    await expect(page.getByTestId('overview')).toBeVisible();
    await settle(page);
    await page.screenshot({ path: `${OUT}/details-${lang}.png` });
  });
}
