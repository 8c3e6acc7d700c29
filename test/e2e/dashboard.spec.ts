import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { openInDashboard } from './support/dashboard-host.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('inside the central dashboard the namespace comes from the dashboard, including all namespaces', async ({
  page,
}) => {
  const frame = await openInDashboard(page, { width: 1440, namespace: E2E.namespace });
  const index = new IndexPage(frame);
  await index.expectPhase(SEEDED.ready, 'ready');
  await expect(frame.getByTestId('namespace-select')).toHaveCount(0);
  await expect(index.row(SEEDED.second)).toHaveCount(0);

  await frame.evaluate(
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
  await expect(frame.getByText('Select a namespace in which to create a new Notebook.')).toBeVisible();
});
