import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { NotebookFormPage } from './pages/notebook-form-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('French formats numbers and quantities the same way in the list, the details and the form', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'fr');
  await index.expectPhase(SEEDED.ready, 'ready');
  await page.setViewportSize({ width: 1600, height: 900 });
  await expect(index.row(SEEDED.ready)).toContainText('0,5 / 1');
  await expect(index.row(SEEDED.ready)).toContainText('1 Gio / 2 Gio');
  await expect(page.getByTestId(`volume-row-${SEEDED.ready}-workspace`)).toContainText('5 Gio');
  await expect(index.row(SEEDED.ready)).toContainText(/il y a \d+ (seconde|minute|heure)s?|maintenant/);

  await page.goto(`/notebook/details/${E2E.namespace}/${SEEDED.ready}?ns=${E2E.namespace}&lang=fr`);
  await expect(page.getByTestId('overview-cpu')).toHaveText('0,5 / 1');
  await expect(page.getByTestId('overview-memory')).toHaveText('1 Gio / 2 Gio');

  const form = new NotebookFormPage(page);
  await page.goto(`/new?ns=${E2E.namespace}&lang=fr`);
  await expect(form.field('cpu')).toHaveValue('0,5');
  await form.field('cpu').fill('1,5');
  await expect(form.field('cpu')).toHaveValue('1,5');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
});
