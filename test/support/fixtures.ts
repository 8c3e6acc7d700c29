import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The shared frontend fixtures: FIXTURES_DIR, else the first existing of `<repo>/../shared/fixtures`
 * (CI: shared/ beside the clone), `<repo>/../../shared/fixtures` (a worktree under /work/wt) and
 * `/work/shared/fixtures`. Missing fixtures are an error, never a reason to skip.
 */
export function fixturesDir(): string {
  const fromEnv = process.env.FIXTURES_DIR;
  const candidates = fromEnv
    ? [resolve(fromEnv)]
    : [
        join(REPO_ROOT, '..', 'shared', 'fixtures'),
        join(REPO_ROOT, '..', '..', 'shared', 'fixtures'),
        '/work/shared/fixtures',
      ];
  const found = candidates.find((dir) => existsSync(join(dir, 'README.md')));
  if (!found) {
    throw new Error(
      `Frontend fixtures not found (looked in ${candidates.join(', ')}). ` +
        'Set FIXTURES_DIR to the shared/fixtures directory of the project.',
    );
  }
  return found;
}

export function fixturePath(relative: string): string {
  return join(fixturesDir(), relative);
}

export function readFixture(relative: string): any {
  return JSON.parse(readFileSync(fixturePath(relative), 'utf8'));
}
