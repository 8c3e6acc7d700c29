import { join } from 'node:path';
import { SandboxClient } from './admin-client.ts';
import type { ControlPlaneInfo } from './control-plane.ts';
import { freePort } from './free-port.ts';
import { BINARIES, REPO_ROOT } from './paths.ts';
import {
  KWOK_NODE_ANNOTATION,
  registerSimulatedNodes,
  simulatedNodesSchedulable,
  writeSimulatedLogs,
} from './simulated-nodes.ts';

/**
 * What makes notebooks start on the local control plane: kube-scheduler, kwok (fake nodes, pods and
 * container logs, a simulated volume provisioner) and our stand-in notebook controller. Local
 * development and tests only.
 */
export interface SimulationOptions {
  /**
   * Reconcile Notebooks only in namespaces with this `key=value` label, so that tests which write
   * Notebook statuses by hand keep them. Unset: every namespace (npm start).
   */
  notebookNamespaceLabel?: string;
}

/** The label the integration and browser tests put on namespaces the notebook controller may touch. */
export const RECONCILED_NAMESPACE_LABEL = 'sandbox.jupyter-apis.local/notebook-controller';

/** The controller-manager's controllers a notebook needs on top of the base set. */
export const SIMULATION_CONTROLLERS = [
  'statefulset-controller',
  'replicaset-controller',
  'deployment-controller',
  'endpoints-controller',
  'endpointslice-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'persistentvolumeclaim-protection-controller',
  'persistentvolume-protection-controller',
  'persistentvolume-binder-controller',
  'node-lifecycle-controller',
  'taint-eviction-controller',
];

type StartProcess = (name: string, binary: string, args: string[]) => number;
type WaitFor = (what: string, timeoutMs: number, check: () => Promise<boolean>, logName: string) => Promise<void>;

/**
 * Starts the scheduler, kwok and the notebook controller next to a running API server and
 * controller-manager, registers the fake nodes and waits until pods can be scheduled on them.
 * Their PIDs go into `info.pids` (stopControlPlane ends them first).
 */
export async function startSimulation(
  info: ControlPlaneInfo,
  options: SimulationOptions,
  helpers: { startProcess: StartProcess; waitFor: WaitFor; log: (msg: string) => void },
): Promise<void> {
  const { startProcess, waitFor, log } = helpers;
  const admin = info.users.admin.kubeconfig;
  log('starting kube-scheduler');
  info.pids.scheduler = startProcess('kube-scheduler', BINARIES.kubeScheduler, [
    `--kubeconfig=${admin}`,
    '--leader-elect=false',
    '--secure-port=0',
    '--v=1',
  ]);

  const kwokPort = await freePort();
  info.kwokPort = kwokPort;
  log(`starting kwok (fake nodes, pods and logs; kubelet port 127.0.0.1:${kwokPort})`);
  info.pids.kwok = startProcess('kwok', BINARIES.kwok, [
    `--kubeconfig=${admin}`,
    `--config=${join(REPO_ROOT, 'sandbox', 'manifests', 'kwok', 'stages.yaml')}`,
    `--config=${writeSimulatedLogs(info.dir)}`,
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
    '--node-ip=127.0.0.1',
    `--node-port=${kwokPort}`,
    `--server-address=127.0.0.1:${kwokPort}`,
    '--cidr=10.244.0.1/16',
    '--node-lease-duration-seconds=40',
  ]);

  log(
    `starting the local notebook controller (${options.notebookNamespaceLabel ? `namespaces labelled ${options.notebookNamespaceLabel}` : 'all namespaces'})`,
  );
  info.pids.notebookController = startProcess('notebook-controller', process.execPath, [
    join(REPO_ROOT, 'sandbox', 'src', 'local-controllers', 'main.ts'),
    `--kubeconfig=${admin}`,
    ...(options.notebookNamespaceLabel ? [`--namespace-label=${options.notebookNamespaceLabel}`] : []),
  ]);

  const client = new SandboxClient(info.server, info.caFile, info.users.admin.token);
  try {
    await registerSimulatedNodes(client);
    await waitFor('the simulated nodes', 60_000, () => simulatedNodesSchedulable(client), 'kwok');
  } finally {
    await client.close();
  }
}
