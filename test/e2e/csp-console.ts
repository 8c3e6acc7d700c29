import type { Page } from '@playwright/test';

/** Collects console errors and CSP violation reports of a page. */
export function watchConsole(page: Page): { errors: string[]; csp: string[] } {
  const errors: string[] = [];
  const csp: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    errors.push(text);
    if (/Content[- ]Security[- ]Policy/i.test(text)) csp.push(text);
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { errors, csp };
}
