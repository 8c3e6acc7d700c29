import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const K8S_VERSION = process.env.K8S_VERSION ?? 'v1.36.3';
export const ETCD_VERSION = process.env.ETCD_VERSION ?? 'v3.6.14';
export const KWOK_VERSION = process.env.KWOK_VERSION ?? 'v0.8.0';

export const CACHE_ROOT =
  process.env.JUPYTER_APIS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'jupyter-apis');

export const BINARIES = {
  etcd: join(CACHE_ROOT, `etcd-${ETCD_VERSION}`, 'etcd'),
  kubeApiserver: join(CACHE_ROOT, `k8s-${K8S_VERSION}`, 'kube-apiserver'),
  kubeControllerManager: join(CACHE_ROOT, `k8s-${K8S_VERSION}`, 'kube-controller-manager'),
  kubeScheduler: join(CACHE_ROOT, `k8s-${K8S_VERSION}`, 'kube-scheduler'),
  kwok: join(CACHE_ROOT, `kwok-${KWOK_VERSION}`, 'kwok'),
};

/** Where `npm run sandbox:up` keeps its state, kubeconfig and logs (gitignored). */
export const SANDBOX_DIR = join(REPO_ROOT, '.sandbox');
export const CRD_DIR = join(REPO_ROOT, 'sandbox', 'manifests', 'crds');
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');
