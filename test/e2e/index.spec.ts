import { expect, test } from '@playwright/test';
import { watchConsole } from './csp-console.ts';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('lists the seeded notebooks with status icons by phase', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace);
  await expect(index.title).toBeVisible();
  await index.expectPhase(SEEDED.ready, 'ready');
  await index.expectPhase(SEEDED.stopped, 'stopped');
  await index.expectPhase(SEEDED.warning, 'warning');
  await expect(index.statusIcon(SEEDED.ready)).toHaveAttribute('aria-label', /^Ready: Running$/);
  await expect(index.statusIcon(SEEDED.warning)).toHaveAttribute(
    'aria-label',
    /Warning: An error occurred: ImagePullBackOff/,
  );
  // CONNECT only when ready, opening the notebook in a new tab without an opener.
  const connect = page.getByTestId(`connect-${SEEDED.ready}`);
  await expect(connect).toHaveAttribute('href', `/notebook/${E2E.namespace}/${SEEDED.ready}/`);
  await expect(connect).toHaveAttribute('rel', /noopener/);
  await expect(connect).toHaveAttribute('target', '_blank');
  await expect(index.startButton(SEEDED.stopped)).toBeVisible();
  await expect(index.row(SEEDED.ready)).toContainText('0.5 / 1');
  await expect(index.row(SEEDED.ready)).toContainText('1 GiB / 2 GiB');
  await page.setViewportSize({ width: 1600, height: 1400 });
  await page.screenshot({ path: 'test-results/screenshots/index.png' });
});

test('the filter box narrows the table', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace);
  await expect(index.row(SEEDED.ready)).toBeVisible();
  await page.getByTestId('notebooks-filter').locator('input').fill('warning');
  await expect(index.row(SEEDED.warning)).toBeVisible();
  await expect(index.row(SEEDED.ready)).toBeHidden();
});

test('switching to French translates the page and is remembered', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace);
  await expect(page.getByRole('heading', { name: 'Notebooks', level: 1, exact: true })).toBeVisible();
  await index.switchLanguage('fr');
  await expect(page.getByRole('heading', { name: 'Blocs-notes', level: 1, exact: true })).toBeVisible();
  await expect(index.newNotebookButton()).toHaveText('Nouveau bloc-notes');
  await expect(index.statusIcon(SEEDED.stopped)).toHaveAttribute('aria-label', /^Arrêté: /);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Blocs-notes', level: 1, exact: true })).toBeVisible();
  await index.goto(E2E.namespace, 'en');
  await expect(page.getByRole('heading', { name: 'Notebooks', level: 1, exact: true })).toBeVisible();
});

test('a namespace without access shows the access empty state', async ({ page }) => {
  await page.goto(`/?ns=${E2E.forbiddenNamespace}&lang=en`);
  const empty = page.getByTestId('no-access');
  await expect(empty).toContainText(`You don't have access to namespace ${E2E.forbiddenNamespace}`);
  await expect(empty).toContainText('not authorized');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});

test('a notebook that does not exist gets a page naming it', async ({ page }) => {
  await page.goto(`/notebook/details/${E2E.namespace}/gone-already?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('object-not-found')).toContainText('Notebook server gone-already not found');
  await expect(page.getByTestId('object-not-found')).toContainText(`namespace ${E2E.namespace}`);
});

test('the volumes table pages and filters, 20 rows by default', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await expect(page.getByTestId(`volume-row-${SEEDED.ready}-workspace`)).toBeVisible();
  await page.getByTestId('volumes-pagination').getByRole('button', { name: 'per page' }).click();
  await expect(page.getByRole('menuitem', { name: /^20 per page/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /^100 per page/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('volumes-filter').locator('input').fill(SEEDED.warning);
  await expect(page.getByTestId(`volume-row-${SEEDED.warning}-workspace`)).toBeVisible();
  await expect(page.getByTestId(`volume-row-${SEEDED.ready}-workspace`)).toBeHidden();
});

test('unknown paths show the not-found page with a link home', async ({ page }) => {
  await page.goto(`/no/such/page?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('not-found')).toContainText('Page not found');
  await page.getByRole('link', { name: 'Go to the notebook list' }).click();
  await expect(page.getByRole('heading', { name: 'Notebooks', level: 1, exact: true })).toBeVisible();
});

test('no Content-Security-Policy violations and no console errors on the index, form and details pages', async ({
  page,
}) => {
  const consoleWatch = watchConsole(page);
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await page.getByTestId(`notebook-link-${SEEDED.ready}`).click();
  await expect(page.getByTestId('overview')).toBeVisible();
  await page.goto(`/new?ns=${E2E.namespace}`);
  await expect(page.getByTestId('form-name')).toBeVisible();
  expect(consoleWatch.csp).toEqual([]);
  // Outside the dashboard the app does not even ask for dashboard_lib.bundle.js (no 404 to log).
  // The seeded notebooks have no pod: the pod route's 404 is the API's answer (ui.md §1.3).
  expect(consoleWatch.errors.filter((e) => !/404 .*\/api\/namespaces\/[^/]+\/notebooks\/[^/]+\/pod$/.test(e))).toEqual(
    [],
  );
  expect(consoleWatch.errors.filter((e) => /dashboard_lib/.test(e))).toEqual([]);
});
