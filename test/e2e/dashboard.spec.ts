import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

/** A stand-in for the central dashboard's library: hands out its handler and selects E2E.namespace. */
const FAKE_DASHBOARD_LIB = `
window.centraldashboard = {
  CentralDashboardEventHandler: {
    init(callback) {
      const handler = {};
      callback(handler, true);
      window.dashboardHandler = handler;
      setTimeout(() => handler.onNamespaceSelected(${JSON.stringify(process.env.E2E_NAMESPACE ?? '')}), 50);
    },
  },
};
`;

test('inside the central dashboard the namespace comes from the dashboard, including all namespaces', async ({
  page,
}) => {
  await page.route('**/dashboard_lib.bundle.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_DASHBOARD_LIB }),
  );
  const index = new IndexPage(page);
  await page.goto('/?lang=en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await expect(page.getByTestId('namespace-select')).toHaveCount(0);
  await expect(index.row(SEEDED.second)).toHaveCount(0);

  await page.evaluate(
    (all) =>
      (
        window as unknown as { dashboardHandler: { onAllNamespacesSelected: (ns: string[]) => void } }
      ).dashboardHandler.onAllNamespacesSelected(all),
    [E2E.namespace, E2E.secondNamespace],
  );
  await expect(index.row(SEEDED.second)).toContainText(E2E.secondNamespace);
  await expect(index.row(SEEDED.ready)).toContainText(E2E.namespace);
  await expect(index.newNotebookButton()).toHaveAttribute('aria-disabled', 'true');
  await index.newNotebookButton().hover();
  await expect(page.getByText('Select a namespace in which to create a new Notebook.')).toBeVisible();
});
