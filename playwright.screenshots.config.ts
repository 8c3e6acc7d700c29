import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

/**
 * `npm run screenshots`: the README's pictures of the list, form and details in English and
 * French, taken from the real app on the local control plane (same global setup as the e2e tests).
 */
export default defineConfig({
  ...base,
  testDir: 'test/screenshots',
  testMatch: '**/*.shots.ts',
  outputDir: 'test-results/screenshots-run',
  reporter: [['list']],
});
