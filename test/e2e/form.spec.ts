import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { NotebookFormPage } from './pages/notebook-form-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

test('the form flags an existing name and invalid input before LAUNCH', async ({ page }) => {
  const form = new NotebookFormPage(page);
  await form.goto(E2E.namespace);
  await form.field('name').fill(SEEDED.ready);
  await expect(page.getByText(`Notebook Server '${SEEDED.ready}' already exists`)).toBeVisible();
  await expect(form.launch).toBeDisabled();
  await form.field('name').fill('Bad_Name');
  await expect(page.getByTestId('field-error').first()).toContainText('must start with a lowercase letter');
  await expect(form.launch).toBeDisabled();
});

test('create a notebook through the form and see it in the list', async ({ page }) => {
  const form = new NotebookFormPage(page);
  await form.goto(E2E.namespace);
  await form.field('name').fill('made-in-browser');
  await form.field('cpu').fill('1');
  await expect(form.launch).toBeEnabled();
  await page.setViewportSize({ width: 1400, height: 2400 });
  await page.screenshot({ path: 'test-results/screenshots/form.png' });
  await form.launch.click();
  const index = new IndexPage(page);
  await expect(index.toast('Notebook created successfully.')).toBeVisible();
  await expect(page).toHaveURL(/\/(\?.*)?$/);
  await expect(index.row('made-in-browser')).toBeVisible();
  await expect(page.getByTestId('volume-row-made-in-browser-workspace')).toBeVisible();
});

test('server field errors land on their fields', async ({ page }) => {
  const form = new NotebookFormPage(page);
  await form.goto(E2E.namespace);
  await form.field('name').fill('clashing-volume');
  // The workspace PVC name is taken by a seeded notebook's volume: the server answers with a field error.
  await page.getByTestId('workspace-name').fill(`${SEEDED.ready}-workspace`);
  await form.launch.click();
  await expect(page.getByTestId('volume-panel-workspace').getByTestId('field-error')).toContainText(
    `${SEEDED.ready}-workspace`,
  );
  await expect(page).toHaveURL(/\/new/);
});

test('the details page shows overview, events and YAML', async ({ page }) => {
  await page.goto(`/notebook/details/${E2E.namespace}/${SEEDED.ready}?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('details-status')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('overview-cpu')).toHaveText('0.5 / 1');
  await expect(page.getByTestId('overview-memory')).toHaveText('1 GiB / 2 GiB');
  await page.setViewportSize({ width: 1400, height: 1400 });
  await page.screenshot({ path: 'test-results/screenshots/details.png' });
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByTestId('yaml')).toContainText('kind: Notebook');
  await page.getByRole('tab', { name: 'EVENTS' }).click();
  await expect(page.getByTestId('events-empty')).toBeVisible();
  await page.getByRole('tab', { name: 'LOGS' }).click();
  await expect(page.getByText('No logs were found for this Notebook.')).toBeVisible();
});

test('edit changes the resources and returns to the details page', async ({ page }) => {
  await page.goto(`/notebook/edit/${E2E.namespace}/${SEEDED.toEdit}?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('form-cpu')).toHaveValue('0.5');
  await expect(page.getByTestId('workspace-claim')).toHaveValue(`${SEEDED.toEdit}-workspace`);
  await page.getByTestId('form-cpu').fill('2');
  await expect(page.getByTestId('field-error')).toContainText('The maximum must be at least the minimum');
  await page.getByTestId('form-cpu').fill('0.8');
  await page.getByTestId('edit-save').click();
  await expect(
    page.locator('[data-testid^="toast-"]').filter({ hasText: 'Notebook updated successfully.' }),
  ).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/notebook/details/${E2E.namespace}/${SEEDED.toEdit}`));
  await expect(page.getByTestId('overview-cpu')).toHaveText('0.8 / 1');
});

test('before a name is typed, derived names are examples, untouched fields show no errors, and LAUNCH says which field is missing', async ({
  page,
}) => {
  const form = new NotebookFormPage(page);
  await form.goto(E2E.namespace);
  await page.getByTestId('datavol-add-new').click();
  await page.getByTestId('datavol-add-existing').click();
  await expect(page.getByTestId('workspace-name')).toHaveValue('');
  await expect(page.getByTestId('workspace-name')).toHaveAttribute('placeholder', '<notebook name>-workspace');
  await expect(page.getByTestId('datavols-0--mount')).toHaveValue('');
  await expect(page.getByTestId('datavols-0--mount')).toHaveAttribute(
    'placeholder',
    '/home/jovyan/<notebook name>-datavol-1',
  );
  // The attached existing volume has no claim and no mount yet: nothing red until the user acts.
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await form.launch.hover();
  await expect(page.getByRole('tooltip')).toContainText('Name: This field is required');

  await form.field('name').fill('typed-name');
  await expect(page.getByTestId('workspace-name')).toHaveValue('typed-name-workspace');
  await expect(page.getByTestId('datavols-0--mount')).toHaveValue('/home/jovyan/typed-name-datavol-1');
  await form.launch.hover();
  await expect(page.getByRole('tooltip')).toContainText('Data volume 2 — Existing volume: This field is required');
});

test('/new in a namespace without access says so once, without a toast', async ({ page }) => {
  await page.goto(`/new?ns=${E2E.forbiddenNamespace}&lang=en`);
  await expect(page.getByTestId('no-access')).toHaveCount(1);
  await expect(page.getByTestId('no-access')).toContainText(
    `You don't have access to namespace ${E2E.forbiddenNamespace}`,
  );
  await expect(page.locator('[data-testid^="toast-"]')).toHaveCount(0);
});
