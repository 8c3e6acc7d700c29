import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { basic, bearer, RotatingTokenFile, type ClusterCredentials, type ClusterTls } from './cluster-credentials.ts';

/** What a kubeconfig's current context gives: credentials we can use, or a plugin only client-node runs. */
export type KubeconfigContents =
  { kind: 'static'; credentials: ClusterCredentials } | { kind: 'plugin'; plugin: 'exec' | 'auth-provider' };

type Fields = Record<string, unknown>;

/**
 * Reads the current context of a kubeconfig file: cluster server + TLS, and a user with a token,
 * token file, client certificate or basic auth. Relative file paths resolve against the kubeconfig's
 * directory, as kubectl does.
 */
export function readKubeconfig(path: string): KubeconfigContents {
  if (!existsSync(path)) throw new Error(`kubeconfig file not found: ${path}`);
  const where = `kubeconfig ${path}`;
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${where}: not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (!isFields(doc)) throw new Error(`${where}: not a kubeconfig (expected a mapping)`);
  const files = new KubeconfigFiles(dirname(resolve(path)), where);

  const contextName = stringField(doc, 'current-context');
  if (!contextName) throw new Error(`${where}: no current-context`);
  const context = named(doc, 'contexts', 'context', contextName);
  if (!context) throw new Error(`${where}: current-context "${contextName}" is not among its contexts`);

  const clusterName = stringField(context, 'cluster');
  if (!clusterName) throw new Error(`${where}: context "${contextName}" names no cluster`);
  const cluster = named(doc, 'clusters', 'cluster', clusterName);
  if (!cluster) throw new Error(`${where}: cluster "${clusterName}" (of context "${contextName}") not found`);
  const server = stringField(cluster, 'server');
  if (!server) throw new Error(`${where}: cluster "${clusterName}" has no server`);

  const userName = stringField(context, 'user');
  const user = userName ? named(doc, 'users', 'user', userName) : {};
  if (!user) throw new Error(`${where}: user "${userName}" (of context "${contextName}") not found`);
  if (user.exec !== undefined && user.exec !== null) return { kind: 'plugin', plugin: 'exec' };
  if (user['auth-provider'] !== undefined && user['auth-provider'] !== null) {
    return { kind: 'plugin', plugin: 'auth-provider' };
  }

  const tls: ClusterTls = {
    ca: files.material(cluster, 'certificate-authority'),
    cert: files.material(user, 'client-certificate'),
    key: files.material(user, 'client-key'),
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    servername: stringField(cluster, 'tls-server-name'),
  };
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    throw new Error(`${where}: user "${userName}" needs both a client certificate and a client key`);
  }
  return { kind: 'static', credentials: { via: 'kubeconfig', server, tls, authHeaders: userAuth(user, files) } };
}

function userAuth(user: Fields, files: KubeconfigFiles): ClusterCredentials['authHeaders'] {
  const tokenFile = stringField(user, 'tokenFile');
  if (tokenFile) {
    // client-go: a token file wins over an inline token, and is re-read since it may rotate.
    const token = new RotatingTokenFile(files.path(tokenFile));
    token.current();
    return () => Promise.resolve(bearer(token.current()));
  }
  const token = stringField(user, 'token');
  if (token) return () => Promise.resolve(bearer(token));
  const username = stringField(user, 'username');
  const password = stringField(user, 'password');
  if (username && password) return () => Promise.resolve(basic(username, password));
  return () => Promise.resolve({});
}

class KubeconfigFiles {
  private readonly dir: string;
  private readonly where: string;

  constructor(dir: string, where: string) {
    this.dir = dir;
    this.where = where;
  }

  path(file: string): string {
    return resolve(this.dir, file);
  }

  /** `<field>-data` (base64) or the file named by `<field>`; undefined when neither is set. */
  material(fields: Fields, field: string): Buffer | undefined {
    const data = stringField(fields, `${field}-data`);
    if (data) return Buffer.from(data, 'base64');
    const file = stringField(fields, field);
    if (!file) return undefined;
    const path = this.path(file);
    if (!existsSync(path)) throw new Error(`${this.where}: ${field} file not found: ${path}`);
    return readFileSync(path);
  }
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The `inner` mapping of the entry called `name` in the list `listKey` (contexts, clusters, users). */
function named(doc: Fields, listKey: string, inner: string, name: string): Fields | undefined {
  const list = doc[listKey];
  if (!Array.isArray(list)) return undefined;
  const entry: unknown = list.find((item) => isFields(item) && item.name === name);
  if (!isFields(entry)) return undefined;
  return isFields(entry[inner]) ? entry[inner] : {};
}
