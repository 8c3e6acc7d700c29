import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** TLS material for connecting to the API server (PEM, as node:tls takes it). */
export interface ClusterTls {
  ca?: ConnectionOptions['ca'];
  cert?: ConnectionOptions['cert'];
  key?: ConnectionOptions['key'];
  rejectUnauthorized: boolean;
  servername?: string;
}

/**
 * How we reach and authenticate to the API server. Our own loaders cover in-cluster service accounts
 * and plain kubeconfigs; only kubeconfigs with exec / auth-provider plugins load client-node.
 */
export interface ClusterCredentials {
  /** Which loader produced these credentials. */
  readonly via: 'in-cluster' | 'kubeconfig' | 'client-node';
  readonly server: string;
  readonly tls: ClusterTls;
  /** Headers to send on every request; may re-read rotating credentials. */
  authHeaders(): Promise<Record<string, string>>;
}

const TOKEN_REREAD_MS = 30_000;

/** A bearer token kept in a file that may be rotated on disk: re-read at most every 30 s. */
export class RotatingTokenFile {
  private readonly path: string;
  private token = '';
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(path: string) {
    this.path = path;
  }

  current(): string {
    const now = Date.now();
    if (now - this.readAt >= TOKEN_REREAD_MS) {
      try {
        this.token = readFileSync(this.path, 'utf8').trim();
      } catch (err) {
        // Mid-rotation the file can be briefly missing: keep the last token rather than fail requests.
        if (!this.token) throw err;
      }
      this.readAt = now;
    }
    return this.token;
  }
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function basic(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
