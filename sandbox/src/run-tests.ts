import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBinaries } from './build-binaries.ts';
import { REPO_ROOT } from './paths.ts';

/**
 * `npm test`: builds the control plane binaries when the cache is cold (with progress), runs every
 * Vitest project (unit, then integration against a real kube-apiserver), then the browser tests,
 * and ends with one plain line `N passed, N failed` summed over all suites.
 */
interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  exitCode: number;
}

function vitestSuite(): SuiteResult {
  const report = join(REPO_ROOT, '.vitest-results.json');
  rmSync(report, { force: true });
  const extra = process.argv.slice(2);
  const run = spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed = json.numPassedTests;
    failed = json.numFailedTests;
  }
  const exitCode = run.status ?? 1;
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { name: 'vitest', passed, failed, exitCode };
}

/**
 * The browser tests use Debian's chromium (browser downloads fail on our machines). A fresh machine
 * does not have it: install it with apt-get when we may (root), else say what to do.
 */
function ensureChromium(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${chromium} is missing: install Debian's chromium (sudo apt-get install -y chromium)`);
  }
  console.error('[test] installing Debian chromium for the browser tests (apt-get, once per machine)');
  const install = spawnSync('bash', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium >/dev/null'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0 || !existsSync(chromium)) throw new Error('apt-get install chromium failed');
}

function playwrightSuite(): SuiteResult | undefined {
  if (!existsSync(join(REPO_ROOT, 'playwright.config.ts'))) return undefined;
  try {
    ensureChromium();
  } catch (err) {
    console.error(`[test] ${err instanceof Error ? err.message : String(err)}`);
    return { name: 'playwright', passed: 0, failed: 1, exitCode: 1 };
  }
  const report = join(REPO_ROOT, '.playwright-results.json');
  rmSync(report, { force: true });
  const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'playwright'), ['test'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  });
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      stats?: { expected: number; unexpected: number; flaky: number };
    };
    passed = (json.stats?.expected ?? 0) + (json.stats?.flaky ?? 0);
    failed = json.stats?.unexpected ?? 0;
  }
  const exitCode = run.status ?? 1;
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { name: 'playwright', passed, failed, exitCode };
}

ensureBinaries();
const suites = [vitestSuite()];
if (!process.argv.includes('--project')) {
  const browser = playwrightSuite();
  if (browser) suites.push(browser);
}
const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
for (const s of suites) console.log(`${s.name}: ${s.passed} passed, ${s.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = suites.some((s) => s.exitCode !== 0) ? 1 : 0;
