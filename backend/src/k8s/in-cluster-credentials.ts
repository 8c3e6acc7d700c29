import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, RotatingTokenFile, type ClusterCredentials } from './cluster-credentials.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The pod's service account: API server from the service env variables, CA and rotating token from disk. */
export function loadInClusterCredentials(
  env: NodeJS.ProcessEnv = process.env,
  accountDir: string = SERVICE_ACCOUNT_DIR,
): ClusterCredentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host) throw new Error('in-cluster service account: KUBERNETES_SERVICE_HOST is not set');
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const ca = readFileSync(join(accountDir, 'ca.crt'));
  const token = new RotatingTokenFile(join(accountDir, 'token'));
  token.current(); // fail at startup, not on the first request, when the token is unreadable
  return {
    via: 'in-cluster',
    server,
    tls: { ca, rejectUnauthorized: true },
    authHeaders: () => Promise.resolve(bearer(token.current())),
  };
}
