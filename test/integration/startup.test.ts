import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlPlane } from '../support/cluster.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'backend', 'src', 'main.ts');
const emptyHome = mkdtempSync(join(tmpdir(), 'jupyter-apis-home-'));

/** Runs the real server entry point and returns how it stopped. */
function start(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: emptyHome, ...env },
  });
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

describe('server startup', () => {
  it('stops on an unknown flag with one line naming it', () => {
    const run = start(['-spawner-confg', 'x.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("jupyter-apis: unknown flag '-spawner-confg' (see --help)");
  });

  it('stops when an explicit spawner config file is missing, naming the file', () => {
    const run = start(['--spawner-config=/nonexistent/spawner.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('jupyter-apis: spawner config: /nonexistent/spawner.yaml: file not found');
  });

  it('lists every problem of an invalid spawner config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawner-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'spawnerFormDefaults:\n  gpus:\n    value:\n      vendors:\n        - uiName: NVIDIA\n        - {}\n',
    );
    const run = start(['-spawner-config', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    expect(lines).toContain(`jupyter-apis: spawner config: ${file}: gpus.value.vendors[0].limitsKey: required`);
    expect(lines).toContain(`jupyter-apis: spawner config: ${file}: gpus.value.vendors[1].limitsKey: required`);
  });

  it('refuses dev mode on a non-loopback address', () => {
    const run = start(['-listen-addr', '0.0.0.0:5999'], { BACKEND_MODE: 'dev' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/local development only: listen on 127\.0\.0\.1, not '0\.0\.0\.0'$/);
  });

  it('refuses to start without a cluster instead of falling back to localhost:8080', () => {
    const run = start([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^jupyter-apis: no Kubernetes cluster configured: /);
  });

  it('prints every flag and variable for --help', () => {
    const run = start(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['-spawner-config', '-listen-addr', 'USERID_HEADER', 'APP_PREFIX', 'SAR_CACHE_TTL_SECONDS']) {
      expect(run.stdout).toContain(name);
    }
  });

  it('names an unreadable kubeconfig', () => {
    const run = start(['-kubeconfig', '/nonexistent/kubeconfig']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('jupyter-apis: kubeconfig file not found: /nonexistent/kubeconfig');
    expect(controlPlane().server).toMatch(/^https:\/\/127\.0\.0\.1:/);
  });
});
