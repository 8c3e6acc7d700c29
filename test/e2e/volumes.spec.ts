import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('create a volume in the dialog, then delete it; a volume in use cannot be deleted', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await expect(page.getByTestId(`delete-volume-${SEEDED.ready}-workspace`)).toHaveAttribute('aria-disabled', 'true');

  await page.getByTestId('new-volume').click();
  await page.getByTestId('new-volume-name').fill(`${SEEDED.ready}-workspace`);
  await expect(page.getByTestId('new-volume-dialog')).toContainText(
    `Volume '${SEEDED.ready}-workspace' already exists`,
  );
  await page.getByTestId('new-volume-name').fill('scratch-space');
  await page.getByTestId('new-volume-size').fill('3');
  await page.getByTestId('new-volume-create').click();
  await expect(page.getByTestId('new-volume-dialog')).toBeHidden();
  const row = page.getByTestId('volume-row-scratch-space');
  await expect(row).toContainText('3 GiB');

  await page.getByTestId('delete-volume-scratch-space').click();
  await expect(page.getByTestId('delete-volume-dialog')).toContainText(
    'Are you sure you want to delete this volume? scratch-space',
  );
  await expect(page.getByTestId('dialog-object-name')).toHaveText('scratch-space');
  await page.getByTestId('delete-volume-dialog-confirm').click();
  await expect(page.getByTestId('delete-volume-dialog')).toBeHidden();
  // No pod uses it: the pvc-protection controller lifts its finalizer and the claim goes.
  await expect(row).toBeHidden({ timeout: 30_000 });
});
