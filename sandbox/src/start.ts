import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findKubeConfigSource, describeKubeConfigSource } from '../../backend/src/k8s/kube-config.ts';
import { REPO_ROOT } from './paths.ts';
import { sandboxUp } from './sandbox.ts';
import { DEMO_NAMESPACE, DEMO_USER } from './seed-demo.ts';
import { SERVER_NODE_FLAGS } from '../../backend/src/node-flags.ts';

/**
 * `npm start`: runs the app. With a cluster configured (-kubeconfig, KUBECONFIG, in-cluster, or
 * ~/.kube/config) it uses that cluster; otherwise, or with --sandbox, it starts the local control
 * plane, seeds a demo profile and acts as its user. Always binds to 127.0.0.1.
 */
const log = (msg: string) => console.error(`[start] ${msg}`);

const args = process.argv.slice(2);
const useSandbox = args.includes('--sandbox');
const passThrough = args.filter((a) => a !== '--sandbox');
const port = process.env.PORT ?? '5000';
const listen = `127.0.0.1:${port}`;

function flagValue(name: string): string | undefined {
  const i = passThrough.findIndex(
    (a) => a === `-${name}` || a === `--${name}` || a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`),
  );
  if (i < 0) return undefined;
  const arg = passThrough[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : passThrough[i + 1];
}

if (!existsSync(join(REPO_ROOT, 'frontend', 'dist', 'index.html'))) {
  log('building the UI (first run)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env: NodeJS.ProcessEnv = { ...process.env, APP_SECURE_COOKIES: process.env.APP_SECURE_COOKIES ?? 'false' };
const backendArgs = [...passThrough];
let actingAs: string | undefined = flagValue('dev-user') ?? process.env.DEV_USER;
let where: string;

const source = useSandbox ? null : findKubeConfigSource(flagValue('kubeconfig') ?? process.env.KUBECONFIG);
if (source) {
  where = describeKubeConfigSource(source);
  log(`using the configured cluster: ${where}`);
} else {
  log(
    useSandbox
      ? 'starting the local control plane (--sandbox)'
      : 'no cluster configured: starting the local control plane',
  );
  const info = await sandboxUp();
  backendArgs.push('-kubeconfig', info.users.backend.kubeconfig);
  delete env.KUBECONFIG;
  actingAs ??= DEMO_USER;
  where = `the local control plane at ${info.server} (demo namespace ${DEMO_NAMESPACE})`;
}
if (actingAs && !flagValue('dev-user')) backendArgs.push('-dev-user', actingAs);
if (!flagValue('listen-addr')) backendArgs.push('-listen-addr', listen);

const child = spawn(
  process.execPath,
  [...SERVER_NODE_FLAGS, join(REPO_ROOT, 'backend', 'src', 'main.ts'), ...backendArgs],
  {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

const url = `http://${flagValue('listen-addr') ?? listen}/`;
for (let i = 0; i < 100 && child.exitCode === null; i++) {
  try {
    const res = await fetch(`${url}healthz/readiness`);
    if (res.ok) {
      console.error('');
      console.error(`  jupyter-apis is ready: ${url}`);
      console.error(`  cluster: ${where}`);
      console.error(
        actingAs
          ? `  acting as: ${actingAs} (requests without a kubeflow-userid header)`
          : '  send a kubeflow-userid header with each request (or pass --dev-user NAME)',
      );
      if (!source) {
        console.error(`  try: ${url}?ns=${DEMO_NAMESPACE}   stop: Ctrl+C, then npm run sandbox:down`);
        console.error(
          '  notebooks run on simulated nodes (kwok): canned logs; images under registry.invalid/ never pull',
        );
      }
      console.error('');
      break;
    }
  } catch {
    // not listening yet
  }
  await sleep(200);
}
