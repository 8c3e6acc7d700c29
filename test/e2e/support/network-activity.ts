import { expect, type Page, type Request } from '@playwright/test';

/** A live stream never finishes, so Playwright's `networkidle` would never come while it is open. */
const LONG_LIVED = /\/api\/namespaces\/[^/]+\/stream(\?|$)/;

const inFlightByPage = new WeakMap<Page, Set<Request>>();

/** Follows the page's requests (frames included) from now on, for `waitForQuietNetwork`. */
export function trackNetwork(page: Page): void {
  const inFlight = new Set<Request>();
  page.on('request', (r) => {
    if (!LONG_LIVED.test(r.url())) inFlight.add(r);
  });
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  inFlightByPage.set(page, inFlight);
}

/** As `waitForLoadState('networkidle')` (no request in flight for 500 ms), the live stream aside. */
export async function waitForQuietNetwork(page: Page, quietMs = 500): Promise<void> {
  const inFlight = inFlightByPage.get(page);
  if (!inFlight) throw new Error('call trackNetwork(page) before the page loads');
  await page.waitForLoadState('load');
  let quietSince = Date.now();
  await expect
    .poll(
      () => {
        if (inFlight.size > 0) quietSince = Date.now();
        return Date.now() - quietSince >= quietMs;
      },
      { intervals: [100], timeout: 30_000 },
    )
    .toBe(true);
}
