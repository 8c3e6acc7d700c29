import type { Page } from '@playwright/test';

/** Collects console errors and CSP violation reports of a page. */
export function watchConsole(page: Page): { errors: string[]; csp: string[] } {
  const errors: string[] = [];
  const csp: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // A failed resource names its URL only in the message's location.
    const url = msg.location().url;
    errors.push(url ? `${text} ${url}` : text);
    if (/Content[- ]Security[- ]Policy/i.test(text)) csp.push(text);
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { errors, csp };
}
