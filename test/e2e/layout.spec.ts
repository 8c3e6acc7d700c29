import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { DRAWER_WIDTH, openInDashboard } from './support/dashboard-host.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

/** The frame must not scroll sideways: neither the page nor any scroll container in it (cut text is fine). */
async function expectNoHorizontalScroll(frame: Frame): Promise<void> {
  const overflow = await frame.evaluate(() => {
    const wider = [...document.querySelectorAll<HTMLElement>('main, main *')].filter(
      (el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX),
    );
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      scrollers: wider.map((el) => `${el.tagName}.${el.className}`.slice(0, 80)),
    };
  });
  expect(overflow.page).toBeLessThanOrEqual(0);
  expect(overflow.scrollers).toEqual([]);
}

/** Every action is drawn whole inside the iframe's box, so it needs no scrolling sideways. */
async function expectInsideFrame(page: Page, actions: Locator[]): Promise<void> {
  const frameBox = (await page.locator('#app').boundingBox())!;
  for (const action of actions) {
    await expect(action).toBeVisible();
    const box = (await action.boundingBox())!;
    expect(box.width).toBeGreaterThan(10);
    expect(box.x, String(action)).toBeGreaterThanOrEqual(frameBox.x);
    expect(box.x + box.width, String(action)).toBeLessThanOrEqual(frameBox.x + frameBox.width);
  }
}

const SIZES = [
  { name: '1024 px window beside the drawer', width: 1024, drawer: true },
  { name: '1280 px window beside the drawer', width: 1280, drawer: true },
  { name: '1440 px window beside the drawer', width: 1440, drawer: true },
  { name: '1920 px window beside the drawer', width: 1920, drawer: true },
  // The dashboard folds its drawer away on a phone: the app takes the whole width.
  { name: '390 px phone', width: 390, drawer: false, height: 844 },
];

for (const size of SIZES) {
  test(`in the dashboard iframe at a ${size.name}, every row action is on screen without scrolling sideways`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const frame = await openInDashboard(page, {
      width: size.width,
      height: size.height,
      drawer: size.drawer,
      namespace: E2E.namespace,
    });
    const index = new IndexPage(frame);
    await index.expectPhase(SEEDED.ready, 'ready');
    const frameWidth = (await page.locator('#app').boundingBox())!.width;
    expect(frameWidth).toBe(size.drawer ? size.width - DRAWER_WIDTH : size.width);

    const names = await frame
      .locator('[data-testid^="notebook-row-"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.replace('notebook-row-', '')));
    expect(names).toContain(SEEDED.ready);
    for (const name of names) await expectInsideFrame(page, index.rowActions(name));
    const volumeActions = frame.locator('[data-testid^="delete-volume-"]');
    await expectInsideFrame(page, await volumeActions.all());
    await expectNoHorizontalScroll(frame);

    // Compact rows at desktop widths: one line each.
    if (size.width >= 1024) {
      const heights = await frame
        .locator('[data-testid^="notebook-row-"]')
        .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      for (const h of heights) expect(h).toBeLessThanOrEqual(48);
    }
    // Readable values on a phone too: a name is one or two lines, never a letter per line.
    for (const link of await frame.locator('[data-testid^="notebook-link-"]').all()) {
      const box = (await link.boundingBox())!;
      expect(box.height).toBeLessThanOrEqual(48);
      expect(box.width).toBeGreaterThan(40);
    }
    // No empty side column: the content starts at the frame's left edge.
    const title = (await frame.getByRole('heading', { level: 1 }).boundingBox())!;
    const frameBox = (await page.locator('#app').boundingBox())!;
    expect(title.x - frameBox.x).toBeLessThanOrEqual(32);
    await page.screenshot({ path: `test-results/screenshots/dashboard-${size.width}.png` });
  });
}
