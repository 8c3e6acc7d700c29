import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export type KubeConfigSource = { kind: 'in-cluster' } | { kind: 'file'; path: string };

/**
 * Decides where cluster credentials come from, explicitly: an explicit kubeconfig path, else the
 * in-cluster service account when its token exists, else ~/.kube/config. Never client-node's silent
 * fallback to http://localhost:8080. Returns null when there is nothing to use.
 */
export function findKubeConfigSource(explicitPath: string | undefined): KubeConfigSource | null {
  if (explicitPath) return { kind: 'file', path: explicitPath };
  if (existsSync(SERVICE_ACCOUNT_TOKEN) && process.env.KUBERNETES_SERVICE_HOST) return { kind: 'in-cluster' };
  const home = join(homedir(), '.kube', 'config');
  if (existsSync(home)) return { kind: 'file', path: home };
  return null;
}

export function describeKubeConfigSource(source: KubeConfigSource): string {
  return source.kind === 'in-cluster' ? 'in-cluster service account' : `kubeconfig ${source.path}`;
}

export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const kc = new KubeConfig();
  if (source.kind === 'in-cluster') {
    kc.loadFromCluster();
  } else {
    if (!existsSync(source.path)) throw new Error(`kubeconfig file not found: ${source.path}`);
    kc.loadFromFile(source.path);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new Error(`${describeKubeConfigSource(source)} names no current cluster server`);
  return kc;
}
