import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BINARIES, ETCD_VERSION, K8S_VERSION, KWOK_VERSION, REPO_ROOT } from './paths.ts';

function versionOf(binary: string): string {
  if (!existsSync(binary)) return '';
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return out.stdout ?? '';
}

export function binariesReady(): boolean {
  return (
    versionOf(BINARIES.kubeApiserver).trim() === `Kubernetes ${K8S_VERSION}` &&
    versionOf(BINARIES.kubeControllerManager).trim() === `Kubernetes ${K8S_VERSION}` &&
    versionOf(BINARIES.kubeScheduler).trim() === `Kubernetes ${K8S_VERSION}` &&
    versionOf(BINARIES.etcd).includes(`etcd Version: ${ETCD_VERSION.slice(1)}`) &&
    versionOf(BINARIES.kwok).startsWith(`kwok version ${KWOK_VERSION} `)
  );
}

/**
 * Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok from Go modules when
 * the cache does not hold the pinned versions (only the missing ones). The builds print their own
 * progress; a cold build takes several minutes.
 */
export function ensureBinaries(): void {
  if (binariesReady()) return;
  console.error('[sandbox] building the local control plane binaries (first run on this machine only)');
  for (const script of ['etcd/build.sh', 'k8s/build.sh', 'kwok/build.sh']) {
    const result = spawnSync('bash', [join(REPO_ROOT, 'sandbox', 'build', script)], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`sandbox/build/${script} failed (exit ${result.status})`);
  }
  if (!binariesReady()) throw new Error('control plane binaries missing after the build');
}
