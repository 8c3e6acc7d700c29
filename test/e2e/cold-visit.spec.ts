import { expect, test } from '@playwright/test';
import { IndexPage } from './pages/index-page.ts';
import { E2E, SEEDED } from './support/e2e-env.ts';
import { trackNetwork, waitForQuietNetwork } from './support/network-activity.ts';

test.use({ baseURL: process.env.E2E_BASE_URL });

/** The budget for a first visit with an empty browser cache, bytes on the wire. */
const COLD_VISIT_BUDGET = 400_000;

test('a cold visit of the list transfers at most 400 kB, compressed, without the editor or the form', async ({
  page,
}) => {
  trackNetwork(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const urls = new Map<string, string>();
  const encodings = new Map<string, string>();
  let wire = 0;
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, e.response.url);
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    encodings.set(e.response.url, String(headers['content-encoding'] ?? 'identity'));
  });
  const sizes = new Map<string, number>();
  // The live stream never finishes loading: count what it received so far.
  const streams = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (new URL(e.request.url).pathname.endsWith('/stream')) streams.add(e.requestId);
  });
  cdp.on('Network.dataReceived', (e) => {
    if (!streams.has(e.requestId)) return;
    wire += e.encodedDataLength;
    const url = urls.get(e.requestId);
    if (url) sizes.set(url, (sizes.get(url) ?? 0) + e.encodedDataLength);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (streams.has(e.requestId)) return;
    wire += e.encodedDataLength;
    const url = urls.get(e.requestId);
    if (url) sizes.set(url, (sizes.get(url) ?? 0) + e.encodedDataLength);
  });

  const index = new IndexPage(page);
  await index.goto(E2E.namespace, 'en');
  await index.expectPhase(SEEDED.ready, 'ready');
  await expect(page.getByTestId('volumes-table')).toBeVisible();
  await expect(page.locator('[data-live]')).toHaveAttribute('data-live', 'live');
  await waitForQuietNetwork(page);

  const report = [...sizes].map(([url, bytes]) => `${bytes}\t${encodings.get(url)}\t${new URL(url).pathname}`);
  console.log(`cold visit: ${wire} bytes on the wire\n${report.join('\n')}`);
  expect(wire).toBeLessThanOrEqual(COLD_VISIT_BUDGET);

  const scripts = [...encodings].filter(([url]) => /\.js$/.test(new URL(url).pathname));
  const styles = [...encodings].filter(([url]) => /\.css$/.test(new URL(url).pathname));
  expect(scripts.length).toBeGreaterThan(0);
  for (const [url, encoding] of [...scripts, ...styles])
    expect([url, encoding]).toEqual([url, expect.stringMatching(/^(br|gzip)$/)]);
  const lists = [...encodings].filter(([url]) =>
    /\/api\/namespaces\/[^/]+\/(notebooks|pvcs)$/.test(new URL(url).pathname),
  );
  expect(lists.length).toBeGreaterThan(0);
  // The list page's chunks only: the YAML editor and the create form load when first needed.
  expect(
    scripts.map(([url]) => url).filter((url) => /YamlView|NotebookForm|VolumeSections|NotebookDetails/.test(url)),
  ).toEqual([]);
});
