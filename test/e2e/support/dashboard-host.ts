import type { Frame, Page } from '@playwright/test';

/** The central dashboard's drawer beside the app's iframe, in px. */
export const DRAWER_WIDTH = 256;

/** A stand-in for the central dashboard's library: hands out its handler and selects `namespace`. */
export function fakeDashboardLib(namespace: string): string {
  return `
window.centraldashboard = {
  CentralDashboardEventHandler: {
    init(callback) {
      const handler = {};
      callback(handler, true);
      window.dashboardHandler = handler;
      setTimeout(() => handler.onNamespaceSelected(${JSON.stringify(namespace)}), 50);
    },
  },
};
`;
}

/**
 * A page shaped like the Kubeflow central dashboard, served from the app's own origin (so the
 * app's `frame-ancestors 'self'` admits it): a 256 px navigation drawer and the app in an iframe
 * filling the rest of the window. `drawer: false` is the dashboard on a phone, drawer folded away.
 */
function hostPage(appPath: string, drawer: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kubeflow Central Dashboard</title>
<style>
  html, body { margin: 0; height: 100%; }
  body { display: flex; font-family: sans-serif; }
  nav { width: ${DRAWER_WIDTH}px; flex: none; background: #263238; color: #fff; }
  iframe { flex: 1 1 auto; min-width: 0; border: 0; height: 100%; }
</style>
</head>
<body>
${drawer ? '<nav aria-label="Dashboard"><p>Home</p><p>Notebooks</p><p>Volumes</p></nav>' : ''}
<iframe id="app" name="app" title="Notebooks" src="${appPath}"></iframe>
</body>
</html>`;
}

/** Opens the app inside the dashboard stand-in at a window width; answers the app's frame. */
export async function openInDashboard(
  page: Page,
  options: { width: number; height?: number; namespace: string; appPath?: string; drawer?: boolean },
): Promise<Frame> {
  await page.setViewportSize({ width: options.width, height: options.height ?? 900 });
  await page.route('**/dashboard_lib.bundle.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: fakeDashboardLib(options.namespace) }),
  );
  await page.route('**/e2e-dashboard-host', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: hostPage(options.appPath ?? '/?lang=en', options.drawer ?? true),
    }),
  );
  await page.goto('/e2e-dashboard-host');
  const frame = page.frame({ name: 'app' });
  if (!frame) throw new Error('the app frame did not load');
  return frame;
}
