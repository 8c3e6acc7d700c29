import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { NotebookFormPage } from './pages/notebook-form-page.ts';
import { E2E } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

/**
 * The main job end to end, on the control plane's real controllers (scheduler, StatefulSet and
 * PVC controllers, kwok's fake nodes, the local notebook controller): nothing here writes a status.
 * Bounds are generous because the machine is shared; how fast it goes is not what is tested.
 */
const RUNNING = { timeout: 60_000 };

test('a notebook from the form runs, shows logs and events, stops, starts and goes with its volume', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const ns = E2E.lifecycleNamespace;
  const name = 'lifecycle';
  const volume = `${name}-workspace`;
  const index = new IndexPage(page);

  const form = new NotebookFormPage(page);
  await form.goto(ns);
  await form.field('name').fill(name);
  await expect(form.launch).toBeEnabled();
  const launched = Date.now();
  await form.launch.click();
  await expect(index.toast('Notebook created successfully.')).toBeVisible();
  await expect(index.row(name)).toBeVisible();
  // Waiting comes first, but for a few seconds only: on a busy machine the first poll may already
  // see it running. test/integration/simulated-cluster.test.ts checks that order on every version.
  await expect(index.statusIcon(name)).toHaveAttribute('data-phase', 'ready', RUNNING);
  console.log(`[e2e] ${name} running ${((Date.now() - launched) / 1000).toFixed(1)} s after LAUNCH`);
  // Its workspace volume is in use: it cannot be deleted.
  await expect(page.getByTestId(`delete-volume-${volume}`)).toHaveAttribute('aria-disabled', 'true');

  await page.goto(`/notebook/details/${ns}/${name}?ns=${ns}&lang=en`);
  await expect(page.getByTestId('details-status')).toHaveAttribute('data-phase', 'ready');
  await page.getByRole('tab', { name: 'LOGS' }).click();
  await expect(page.getByTestId('logs')).toContainText('Jupyter Server');
  await page.getByRole('tab', { name: 'EVENTS' }).click();
  // The scheduler's and the StatefulSet controller's events, re-issued on the Notebook.
  await expect(page.getByTestId('events')).toContainText(`Successfully assigned ${ns}/${name}-0`);
  await expect(page.getByTestId('events')).toContainText(`Create Pod ${name}-0 in StatefulSet ${name} successful`);

  await index.goto(ns, 'en');
  await index.stopButton(name).click();
  await index.confirm('stop');
  await expect(index.statusIcon(name)).toHaveAttribute('data-phase', 'stopped', RUNNING);
  await expect(index.statusIcon(name)).toHaveAttribute('aria-label', /No Pods are currently running/);

  await index.startButton(name).click();
  await expect(index.toast(`Starting Notebook server '${name}'...`)).toBeVisible();
  await expect(index.statusIcon(name)).toHaveAttribute('data-phase', 'ready', RUNNING);

  await index.deleteButton(name).click();
  await index.confirm('delete');
  await expect(index.row(name)).toBeHidden(RUNNING);
  // Once no pod uses it (the pvc-protection controller agrees), the volume can go too.
  await expect
    .poll(
      async () => (await (await page.request.get(`/api/namespaces/${ns}/pvcs/${volume}/pods`)).json()).pods,
      RUNNING,
    )
    .toEqual([]);
  const deleteVolume = page.getByTestId(`delete-volume-${volume}`);
  await expect(deleteVolume).not.toHaveAttribute('aria-disabled', 'true', RUNNING);
  await deleteVolume.click();
  await page.getByTestId('delete-volume-dialog-confirm').click();
  await expect(page.getByTestId(`volume-row-${volume}`)).toBeHidden(RUNNING);
});
