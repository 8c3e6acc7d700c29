import type { RequestOptions } from 'node:https';
import { basic, type ClusterCredentials } from './cluster-credentials.ts';

/**
 * Credentials from exec / auth-provider plugins (cloud logins), via client-node's KubeConfig. Imported
 * only here and only on demand: client-node costs about 90 MiB of memory once loaded.
 */
export async function loadClientNodeCredentials(path: string): Promise<ClusterCredentials> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new Error(`kubeconfig ${path} names no current cluster server`);
  const applied = async (): Promise<RequestOptions> => {
    const options: RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return options;
  };
  const initial = await applied();
  return {
    via: 'client-node',
    server: cluster.server,
    tls: {
      ca: initial.ca,
      cert: initial.cert,
      key: initial.key,
      rejectUnauthorized: initial.rejectUnauthorized ?? true,
      servername: initial.servername,
    },
    authHeaders: async () => {
      const options = await applied();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers[k] = String(v);
      const user = kc.getCurrentUser();
      return user?.username && user.password ? { ...headers, ...basic(user.username, user.password) } : headers;
    },
  };
}
