import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminClient, bootstrapCluster, createProfileNamespace } from '../../../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../../../sandbox/src/control-plane.ts';
import { RECONCILED_NAMESPACE_LABEL } from '../../../sandbox/src/simulation.ts';
import { freePort } from '../../../sandbox/src/free-port.ts';
import { REPO_ROOT } from '../../../sandbox/src/paths.ts';
import { E2E_USER, SEEDED } from './e2e-env.ts';
import { seedNotebook } from './seed.ts';

const log = (msg: string) => console.error(`[e2e] ${msg}`);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the UI when frontend/dist is missing or older than its sources (CI builds first anyway). */
function ensureUiBuilt(): void {
  const frontend = join(REPO_ROOT, 'frontend');
  const built = newestMtime(join(frontend, 'dist', 'index.html'));
  const sources = Math.max(
    newestMtime(join(frontend, 'src')),
    newestMtime(join(frontend, 'public')),
    newestMtime(join(frontend, 'index.html')),
  );
  if (built >= sources) return;
  log('building the UI (frontend/dist is stale)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}healthz/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('backend did not become ready');
}

/** A real control plane that runs notebooks, seeded profiles, and the real backend serving the built UI as alice. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureUiBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-e2e-'));
  // Notebooks run (scheduler, kwok, notebook controller) only in the lifecycle namespace: the other
  // namespaces keep the statuses seedNotebook writes by hand.
  const info = await startControlPlane(dir, log, {
    simulation: { notebookNamespaceLabel: `${RECONCILED_NAMESPACE_LABEL}=true` },
  });
  let backend: ChildProcess | undefined;
  const teardown = async () => {
    if (backend && backend.exitCode === null) {
      backend.kill('SIGTERM');
      await new Promise((resolve) => backend!.once('exit', resolve));
    }
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bootstrapCluster(info, log);
    const client = adminClient(info);
    const namespace = 'e2e-alice';
    const second = 'e2e-alice-two';
    const forbidden = 'e2e-other-team';
    await createProfileNamespace(client, namespace, { editors: [E2E_USER] });
    await createProfileNamespace(client, second, { editors: [E2E_USER] });
    await seedNotebook(client, second, SEEDED.second, 'ready');
    await createProfileNamespace(client, forbidden, { editors: ['mallory@example.com'] });
    const lifecycle = 'e2e-lifecycle';
    await createProfileNamespace(client, lifecycle, { editors: [E2E_USER] }, { [RECONCILED_NAMESPACE_LABEL]: 'true' });
    await seedNotebook(client, namespace, SEEDED.ready, 'ready');
    await seedNotebook(client, namespace, SEEDED.stopped, 'stopped');
    await seedNotebook(client, namespace, SEEDED.warning, 'warning');
    await seedNotebook(client, namespace, SEEDED.toStop, 'ready');
    await seedNotebook(client, namespace, SEEDED.toStart, 'stopped');
    await seedNotebook(client, namespace, SEEDED.toDelete, 'stopped');
    await seedNotebook(client, namespace, SEEDED.toEdit, 'stopped');
    await client.close();

    const port = await freePort();
    backend = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'backend', 'src', 'main.ts'),
        '-kubeconfig',
        info.users.backend.kubeconfig,
        '-listen-addr',
        `127.0.0.1:${port}`,
        '-dev-user',
        E2E_USER,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, APP_SECURE_COOKIES: 'false', KUBECONFIG: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const url = `http://127.0.0.1:${port}/`;
    await waitReady(url, backend);
    process.env.E2E_BASE_URL = url;
    process.env.E2E_NAMESPACE = namespace;
    process.env.E2E_SECOND_NAMESPACE = second;
    process.env.E2E_FORBIDDEN_NAMESPACE = forbidden;
    process.env.E2E_LIFECYCLE_NAMESPACE = lifecycle;
    process.env.E2E_CONTROL_PLANE_DIR = dir;
    log(`backend ready at ${url}`);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
