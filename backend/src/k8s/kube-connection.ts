import { describeKubeConfigSource, findKubeConfigSource, loadClusterCredentials } from './kube-config.ts';
import { KubeApis } from './kube-apis.ts';
import { KubeRestClient, type KubeCallObserver } from './rest-client.ts';

export interface KubeConnection {
  apis: KubeApis;
  /** The Kubernetes user we act as, when the kubeconfig names it (used to recognise our own RBAC gaps). */
  user: string | undefined;
  description: string;
}

export class NoClusterConfiguredError extends Error {}

/** Connects to the cluster chosen explicitly (flag/env kubeconfig, in-cluster, or ~/.kube/config). */
export async function connectToCluster(
  kubeconfig: string | undefined,
  options: { timeoutMs: number; observers?: KubeCallObserver[] },
): Promise<KubeConnection> {
  const source = findKubeConfigSource(kubeconfig);
  if (!source) {
    throw new NoClusterConfiguredError(
      'no Kubernetes cluster configured: pass -kubeconfig, set KUBECONFIG, run in a pod with a service account, or use npm start for the local control plane',
    );
  }
  const credentials = await loadClusterCredentials(source);
  const rest = KubeRestClient.create(credentials, options);
  const apis = new KubeApis(rest);
  let user: string | undefined;
  if (source.kind === 'in-cluster') {
    const ns = process.env.POD_NAMESPACE;
    const sa = process.env.POD_SERVICE_ACCOUNT;
    user = ns && sa ? `system:serviceaccount:${ns}:${sa}` : undefined;
  }
  return { apis, user, description: `${describeKubeConfigSource(source)} (${rest.server})` };
}
