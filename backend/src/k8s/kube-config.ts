import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterCredentials } from './cluster-credentials.ts';
import { loadInClusterCredentials, SERVICE_ACCOUNT_DIR } from './in-cluster-credentials.ts';
import { readKubeconfig } from './kubeconfig-file.ts';

const SERVICE_ACCOUNT_TOKEN = join(SERVICE_ACCOUNT_DIR, 'token');

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

/**
 * Loads credentials for the source. client-node is imported only for kubeconfig users that need an
 * exec or auth-provider plugin.
 */
export async function loadClusterCredentials(source: KubeConfigSource): Promise<ClusterCredentials> {
  if (source.kind === 'in-cluster') return loadInClusterCredentials();
  const contents = readKubeconfig(source.path);
  if (contents.kind === 'static') return contents.credentials;
  const { loadClientNodeCredentials } = await import('./client-node-credentials.ts');
  return loadClientNodeCredentials(source.path);
}
