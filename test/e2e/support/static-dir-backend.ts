import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../sandbox/src/free-port.ts';
import { REPO_ROOT } from '../../../sandbox/src/paths.ts';
import { E2E, E2E_USER } from './e2e-env.ts';

export interface StaticDirBackend {
  /** The app's URL at its prefix, ending in `/`. */
  url: string;
  origin: string;
  stop(): Promise<void>;
}

/**
 * One more backend process on the e2e control plane, started as a platform would start it to serve
 * another frontend: `-static-dir <the build's folder>`, `APP_PREFIX`, and a spawner preset.
 */
export async function startStaticDirBackend(options: {
  staticDir: string;
  appPrefix: string;
  preset: string;
}): Promise<StaticDirBackend> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'backend', 'src', 'main.ts'),
      '-kubeconfig',
      join(E2E.controlPlaneDir, 'backend.kubeconfig'),
      '-listen-addr',
      `127.0.0.1:${port}`,
      '-dev-user',
      E2E_USER,
      '-static-dir',
      options.staticDir,
      '-spawner-preset',
      options.preset,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        APP_PREFIX: options.appPrefix,
        APP_SECURE_COOKIES: 'false',
        KUBECONFIG: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`backend for ${options.staticDir} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz/readiness`)).ok) {
        const prefix = options.appPrefix === '/' ? '' : options.appPrefix;
        return { url: `${origin}${prefix}/`, origin, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`backend for ${options.staticDir} did not become ready`);
}
