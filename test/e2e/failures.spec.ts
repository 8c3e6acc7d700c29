import { expect, test, type Page, type Route } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

const LIST_ROUTES = /\/api\/namespaces\/[^/]+\/(notebooks|pvcs)(\?.*)?$/;
const STREAM = /\/api\/namespaces\/[^/]+\/stream(\?.*)?$/;

// These tests are about failing polls: with the live stream up, the page would not poll at all.
// The stream itself failing is live.spec.ts's subject.
test.beforeEach(({ page }) => page.route(STREAM, (route) => route.abort('connectionrefused')));

type Failure = (route: Route) => Promise<void>;

const FAILURES: Record<string, Failure> = {
  'the connection is refused': (route) => route.abort('connectionrefused'),
  'a proxy answers 502': (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' }),
  'the session expired (an HTML login page with 200)': (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html><body><form action="/dex/auth">Log in</form></body></html>',
    }),
};

/**
 * Records, in the page, the most toasts and banners ever on screen at once and how many toasts
 * appeared in all, so a toast that came and went between two checks still counts.
 */
async function watchFeedback(page: Page): Promise<() => Promise<{ most: number; toasts: number }>> {
  await page.evaluate(() => {
    const w = window as unknown as { feedback: { most: number; toasts: Set<Element> } };
    w.feedback = { most: 0, toasts: new Set() };
    const count = () => {
      const shown = document.querySelectorAll('[data-testid^="toast-"], [data-testid="refresh-banner"]');
      w.feedback.most = Math.max(w.feedback.most, shown.length);
      document.querySelectorAll('[data-testid^="toast-"]').forEach((t) => w.feedback.toasts.add(t));
    };
    new MutationObserver(count).observe(document.body, { childList: true, subtree: true });
    count();
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { feedback: { most: number; toasts: Set<Element> } };
      return { most: w.feedback.most, toasts: w.feedback.toasts.size };
    });
}

for (const [failure, fail] of Object.entries(FAILURES)) {
  test(`when ${failure} for many refreshes: one banner, the data kept, and it clears on recovery`, async ({ page }) => {
    const index = new IndexPage(page);
    await index.goto(E2E.namespace, 'en');
    await index.expectPhase(SEEDED.ready, 'ready');
    const feedback = await watchFeedback(page);

    let failed = 0;
    await page.route(LIST_ROUTES, async (route) => {
      failed += 1;
      await fail(route);
    });
    // Polls back off up to 8 s: wait for at least 6 failed list requests (3 refreshes of each list),
    // about 30 s of failing API, however fast or slow this machine is.
    await expect.poll(() => failed, { timeout: 60_000, intervals: [1000] }).toBeGreaterThanOrEqual(6);

    const banner = page.getByTestId('refresh-banner');
    await expect(banner).toBeVisible();
    if (failure.startsWith('the session expired')) {
      await expect(banner).toContainText('Your session has expired');
      await expect(banner.getByRole('button', { name: 'Reload the page' })).toBeVisible();
    } else {
      await expect(banner).toContainText('Showing the last data received; retrying…');
    }
    await expect(index.row(SEEDED.ready)).toBeVisible();
    await expect(index.row(SEEDED.stopped)).toBeVisible();
    expect(await feedback()).toEqual({ most: 1, toasts: 0 });

    await page.unroute(LIST_ROUTES);
    await expect(banner).toBeHidden({ timeout: 20_000 });
    await expect(index.row(SEEDED.ready)).toBeVisible();
    expect(await feedback()).toEqual({ most: 1, toasts: 0 });
  });
}

test('a first load that fails shows an error state with a retry, never the empty state', async ({ page }) => {
  await page.route(LIST_ROUTES, (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' }),
  );
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  const error = page.getByTestId('notebooks-load-error');
  await expect(error).toContainText('The data could not be loaded');
  await expect(error).toContainText('[502] Bad Gateway');
  await expect(page.getByTestId('notebooks-empty')).toHaveCount(0);
  await expect(page.getByText('There are no notebook servers in this namespace yet.')).toHaveCount(0);
  await expect(page.locator('[data-testid^="toast-"]')).toHaveCount(0);

  await page.unroute(LIST_ROUTES);
  await page.getByTestId('notebooks-load-error-retry').click();
  await expect(index.row(SEEDED.ready)).toBeVisible();
  await expect(error).toHaveCount(0);
});

test('a first load answered by a login page says the session expired and offers to reload', async ({ page }) => {
  await page.route(LIST_ROUTES, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<html><form>Log in</form></html>' }),
  );
  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  const error = page.getByTestId('notebooks-load-error');
  await expect(error).toContainText('Your session has expired');
  await expect(page.getByText('Cannot read properties of undefined')).toHaveCount(0);
  const retry = page.getByTestId('notebooks-load-error-retry');
  await expect(retry).toBeVisible();
  await page.unroute(LIST_ROUTES);
  // The page's own back-off retry may bring the list back before the click lands (the button is then
  // gone); either way the list must come back.
  await retry.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(index.row(SEEDED.ready)).toBeVisible();
});
