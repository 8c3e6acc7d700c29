import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('stop asks for confirmation, then the row leaves the ready state', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.toStop, 'ready');
  await index.stopButton(SEEDED.toStop).click();
  await expect(index.dialog('stop')).toContainText(
    `Are you sure you want to stop this notebook server? ${SEEDED.toStop}`,
  );
  await expect(index.dialog('stop').getByTestId('dialog-object-name')).toHaveText(SEEDED.toStop);
  // CANCEL leaves everything as it was.
  await page.getByTestId('stop-dialog-cancel').click();
  await expect(index.dialog('stop')).toBeHidden();
  await index.expectPhase(SEEDED.toStop, 'ready');
  await index.stopButton(SEEDED.toStop).click();
  await index.confirm('stop');
  await expect(index.toast(`Stopping Notebook server '${SEEDED.toStop}'...`)).toBeVisible();
  await index.expectPhase(SEEDED.toStop, 'waiting');
  // The waiting state is spelled out next to its icon, not only in a tooltip.
  await expect(page.getByTestId(`notebook-status-${SEEDED.toStop}-text`)).toBeVisible();
});

test('start sends the request without a dialog', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.toStart, 'stopped');
  await index.startButton(SEEDED.toStart).click();
  await expect(index.toast(`Starting Notebook server '${SEEDED.toStart}'...`)).toBeVisible();
  await expect(index.stopButton(SEEDED.toStart)).toBeVisible();
  await expect(index.statusIcon(SEEDED.toStart)).not.toHaveAttribute('data-phase', 'stopped');
});

test('delete confirms in a dialog and the notebook disappears', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await expect(index.row(SEEDED.toDelete)).toBeVisible();
  await index.deleteButton(SEEDED.toDelete).click();
  await expect(index.dialog('delete')).toContainText(
    `Are you sure you want to delete this notebook server? ${SEEDED.toDelete}`,
  );
  await index.confirm('delete');
  await expect(index.toast(`${E2E.namespace}/${SEEDED.toDelete}: Delete request was sent.`)).toBeVisible();
  await expect(index.row(SEEDED.toDelete)).toBeHidden({ timeout: 30_000 });
});

test('keep alive from the row menu', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await page.getByTestId(`more-${SEEDED.ready}`).click();
  await page.getByRole('menuitem', { name: 'Keep alive…' }).click();
  await page.getByTestId('keepalive-dialog').getByLabel('Hours').selectOption('2');
  await page.getByTestId('keepalive-confirm').click();
  await expect(index.toast(`Notebook '${SEEDED.ready}' will be kept alive for 2 hours.`)).toBeVisible();
  await expect(page.getByTestId('keepalive-dialog')).toBeHidden();
});
