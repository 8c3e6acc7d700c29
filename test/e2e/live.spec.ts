import { expect, test, type Page, type Route } from '@playwright/test';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { IndexPage } from './pages/index-page.ts';
import { e2eAdmin } from './support/e2e-admin.ts';
import { E2E } from './support/e2e-env.ts';
import { rfc3339, seedNotebook } from './support/seed.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

const LIST_ROUTES = /\/api\/namespaces\/[^/]+\/(notebooks|pvcs)(\?.*)?$/;
const EVENTS_ROUTE = /\/api\/namespaces\/[^/]+\/notebooks\/[^/]+\/events(\?.*)?$/;
const STREAM = /\/api\/namespaces\/[^/]+\/stream(\?.*)?$/;

const CREATED = [
  'e2e-live-status',
  'e2e-live-added',
  'e2e-live-events',
  'e2e-live-volume',
  'e2e-live-poll-503',
  'e2e-live-poll-cut',
];

let admin: SandboxClient;
test.beforeAll(() => {
  admin = e2eAdmin();
});
// Leave the namespace as the other tests expect it.
test.afterAll(async () => {
  for (const name of CREATED) {
    await admin.call('DELETE', notebookPath(name));
    await admin.call('DELETE', `/api/v1/namespaces/${E2E.namespace}/persistentvolumeclaims/${name}-workspace`);
  }
  await admin.close();
});

const notebookPath = (name: string) => `/apis/kubeflow.org/v1/namespaces/${E2E.namespace}/notebooks/${name}`;

/** The status the notebook controller writes once the pod runs. */
function writeReady(name: string): Promise<unknown> {
  return admin.must(
    'PATCH',
    `${notebookPath(name)}/status`,
    { status: { readyReplicas: 1, containerState: { running: { startedAt: rfc3339() } }, conditions: [] } },
    'application/merge-patch+json',
  );
}

/** GETs the page makes from now on whose URL matches `pattern`. */
function recordRequests(page: Page, pattern: RegExp): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && pattern.test(r.url())) seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

/** The page's live stream state (`data-live` on the page's wrapper). */
const liveState = (page: Page) => page.locator('[data-live]');

/**
 * When (the page's `Date.now()`, same clock as the test's) the notebook's status icon first shows
 * `phase`, seen by a MutationObserver rather than by the test's polling: reported, never asserted.
 */
async function watchPhase(page: Page, name: string, phase: string): Promise<() => Promise<number | undefined>> {
  await page.evaluate(
    ({ testId, phase }) => {
      const w = window as unknown as { phaseSeenAt?: number };
      const check = () => {
        const icon = document.querySelector(`[data-testid="${testId}"]`);
        if (w.phaseSeenAt === undefined && icon?.getAttribute('data-phase') === phase) w.phaseSeenAt = Date.now();
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    },
    { testId: `notebook-status-${name}`, phase },
  );
  return () => page.evaluate(() => (window as unknown as { phaseSeenAt?: number }).phaseSeenAt);
}

/** A marker in the page's window: gone after a reload. */
async function markWindow(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { liveMarker: boolean }).liveMarker = true));
  return () => page.evaluate(() => (window as unknown as { liveMarker?: boolean }).liveMarker === true);
}

test('changes written with the admin client appear on the open list page from the stream, without a list request or a reload', async ({
  page,
}) => {
  const name = 'e2e-live-status';
  const added = 'e2e-live-added';
  await seedNotebook(admin, E2E.namespace, name, 'warning');
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(name, 'warning');
  await expect(liveState(page)).toHaveAttribute('data-live', 'live');
  const sameWindow = await markWindow(page);
  const listRequests = recordRequests(page, LIST_ROUTES);

  // A status change (the controller saw the pod become ready).
  const readyAt = await watchPhase(page, name, 'ready');
  const written = Date.now();
  await writeReady(name);
  await index.expectPhase(name, 'ready');
  test.info().annotations.push({
    type: 'status write (admin PATCH sent) → on screen',
    description: `${(await readyAt())! - written} ms`,
  });

  // A new notebook with its volume, then its deletion.
  await seedNotebook(admin, E2E.namespace, added, 'stopped');
  await index.expectPhase(added, 'stopped');
  await expect(page.getByTestId(`volume-row-${added}-workspace`)).toBeVisible();
  await admin.must('DELETE', notebookPath(added));
  await expect(index.row(added)).toHaveCount(0);

  expect(listRequests).toEqual([]);
  expect(await sameWindow()).toBe(true);
  await expect(liveState(page)).toHaveAttribute('data-live', 'live');
});

test('the events of an open notebook details page arrive from the stream', async ({ page }) => {
  const name = 'e2e-live-events';
  await seedNotebook(admin, E2E.namespace, name, 'warning');
  await page.goto(`/notebook/details/${E2E.namespace}/${name}?tab=events&ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('events-empty').or(page.getByTestId('events'))).toBeVisible();
  await expect(liveState(page)).toHaveAttribute('data-live', 'live');
  const eventRequests = recordRequests(page, EVENTS_ROUTE);

  const now = rfc3339();
  await admin.must('POST', `/api/v1/namespaces/${E2E.namespace}/events`, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.live-1`, namespace: E2E.namespace },
    involvedObject: { apiVersion: 'kubeflow.org/v1', kind: 'Notebook', name, namespace: E2E.namespace },
    type: 'Normal',
    reason: 'Pulling',
    message: 'Pulling image "jupyter-scipy:live"',
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    source: { component: 'kubelet' },
  });
  await expect(page.getByTestId('events')).toContainText('Pulling image "jupyter-scipy:live"');

  // The header follows the notebook's status too.
  await writeReady(name);
  await expect(page.getByTestId('details-status')).toHaveAttribute('data-phase', 'ready');
  expect(eventRequests).toEqual([]);
});

test('the volumes page and a volume’s details follow the stream', async ({ page }) => {
  const name = 'e2e-live-volume';
  const claim = `${name}-workspace`;
  await page.goto(`/volumes?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('volumes-table')).toBeVisible();
  await expect(liveState(page)).toHaveAttribute('data-live', 'live');
  const listRequests = recordRequests(page, LIST_ROUTES);
  await admin.apply({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim, namespace: E2E.namespace },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
  } as never);
  await expect(page.getByTestId(`volume-row-${claim}`)).toBeVisible();
  expect(listRequests).toEqual([]);

  await page.goto(`/volume/details/${E2E.namespace}/${claim}?ns=${E2E.namespace}&lang=en`);
  await expect(page.getByTestId('volume-details-status')).toBeVisible();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  await expect(liveState(page)).toHaveAttribute('data-live', 'live');
  // A notebook that mounts it: the claim's row on the stream changes, the page fetches the claim.
  await seedNotebook(admin, E2E.namespace, name, 'stopped');
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expect(page.getByTestId('volume-delete')).toHaveAttribute('aria-disabled', 'true');
});

const BLOCKED: Record<string, (route: Route) => Promise<void>> = {
  'answers 503': (route) =>
    route.fulfill({ status: 503, contentType: 'text/html', body: '<html>Service Unavailable</html>' }),
  'is cut off by the network': (route) => route.abort('connectionreset'),
};

for (const [how, block] of Object.entries(BLOCKED)) {
  test(`when the stream ${how}, the list page polls instead: changes still show, with no error shown`, async ({
    page,
  }) => {
    const name = `e2e-live-poll-${how.startsWith('answers') ? '503' : 'cut'}`;
    await seedNotebook(admin, E2E.namespace, name, 'warning');
    let attempts = 0;
    await page.route(STREAM, async (route) => {
      attempts += 1;
      await block(route);
    });
    const index = new IndexPage(page);
    await index.goto(E2E.namespace, 'en');
    await index.expectPhase(name, 'warning');
    await expect.poll(() => attempts).toBeGreaterThanOrEqual(1);
    await expect(liveState(page)).toHaveAttribute('data-live', 'connecting');
    const listRequests = recordRequests(page, LIST_ROUTES);

    await writeReady(name);
    await index.expectPhase(name, 'ready');
    expect(listRequests.length).toBeGreaterThan(0);
    await expect(page.getByTestId('refresh-banner')).toHaveCount(0);
    await expect(page.locator('[data-testid^="toast-"]')).toHaveCount(0);
  });
}
