import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';
import { trackNetwork, waitForQuietNetwork } from './support/network-activity.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });
// Several pages and axe runs per test on a shared 2-core machine.
test.describe.configure({ timeout: 180_000 });
test.beforeEach(({ page }) => trackNetwork(page));

/** axe-core on the page as it is: no violation of any impact. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  // Let tooltips, spinners and lazy chunks settle so axe sees the page a user sees.
  await waitForQuietNetwork(page);
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => ({
    state,
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  expect(found).toEqual([]);
}

const LIST_ROUTES = /\/api\/namespaces\/[^/]+\/(notebooks|pvcs)(\?.*)?$/;

test('the index page in English and French, with its dialogs', async ({ page }) => {
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await expectAccessible(page, 'index en');
  await index.stopButton(SEEDED.ready).click();
  await expect(index.dialog('stop')).toBeVisible();
  await expectAccessible(page, 'stop dialog');
  await page.getByTestId('stop-dialog-cancel').click();
  await page.getByTestId('new-volume').click();
  await expect(page.getByTestId('new-volume-dialog')).toBeVisible();
  await expectAccessible(page, 'new volume dialog');
  await page.getByTestId('new-volume-cancel').click();
  await index.goto(E2E.namespace, 'fr');
  await index.expectPhase(SEEDED.ready, 'ready');
  await expectAccessible(page, 'index fr');
});

test('the create form and the edit page', async ({ page }) => {
  await page.goto(`/new?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('form-name')).toBeVisible();
  await expectAccessible(page, 'form');
  await page.goto(`/notebook/edit/${E2E.namespace}/${SEEDED.stopped}?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('edit-form')).toBeVisible();
  await expectAccessible(page, 'edit');
});

test('every tab of the notebook details page', async ({ page }) => {
  const base = `/notebook/details/${E2E.namespace}/${SEEDED.ready}?ns=${E2E.namespace}&lang=en`;
  await page.goto(base);
  await expect(page.getByTestId('overview')).toBeVisible();
  await expectAccessible(page, 'details overview');
  for (const tab of ['LOGS', 'EVENTS', 'YAML']) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab === 'YAML') await expect(page.getByTestId('yaml')).toContainText('kind: Notebook');
    await expectAccessible(page, `details ${tab}`);
  }
});

test('the volume details page', async ({ page }) => {
  await page.goto(`/volume/details/${E2E.namespace}/${SEEDED.ready}-workspace?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('volume-details-status')).toBeVisible();
  await expectAccessible(page, 'volume details');
});

test('error and empty states: 403, not found, missing notebook, failed load, failed refresh', async ({ page }) => {
  // The failed refresh is a failed poll: with the live stream up, the page would not poll.
  await page.route(/\/api\/namespaces\/[^/]+\/stream(\?.*)?$/, (route) => route.abort('connectionrefused'));
  await page.goto(`/?ns=${E2E.forbiddenNamespace}&lang=en`);
  await expect(page.getByTestId('no-access')).toBeVisible();
  await expectAccessible(page, '403');

  await page.goto(`/no/such/page?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expectAccessible(page, 'not found');

  await page.goto(`/notebook/details/${E2E.namespace}/no-such-notebook?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('object-not-found')).toBeVisible();
  await expectAccessible(page, 'missing notebook');

  await page.route(LIST_ROUTES, (route) => route.fulfill({ status: 502, body: 'Bad Gateway' }));
  await page.goto(`/?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('notebooks-load-error')).toBeVisible();
  await expectAccessible(page, 'first load failed');
  await page.unroute(LIST_ROUTES);

  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await page.route(LIST_ROUTES, (route) => route.abort('connectionrefused'));
  await expect(page.getByTestId('refresh-banner')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'refresh failed');
});

test('the signed-out notice', async ({ page }) => {
  await page.route('**/info', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ success: false, status: 401, log: 'No user detected.', user: null }),
    }),
  );
  await page.goto(`/?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('signed-out')).toBeVisible();
  await expectAccessible(page, 'signed out');
});
