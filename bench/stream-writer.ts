import { parentPort, workerData } from 'node:worker_threads';
import { SandboxClient } from '../sandbox/src/admin-client.ts';

/**
 * The flow's write driver, in a worker thread of its own so that reading 1,000 streams on the main
 * thread does not delay its writes: `rate` status writes per second, round robin over `names`, at
 * most `maxInFlight` at once. Posts `{ errors, seconds }` when every write has finished.
 */
export interface WriterInput {
  server: string;
  caFile: string;
  token: string;
  namespace: string;
  names: string[];
  rate: number;
  total: number;
  maxInFlight: number;
}

const input = workerData as WriterInput;
const admin = new SandboxClient(input.server, input.caFile, input.token);
const inFlight = new Set<Promise<unknown>>();
let errors = 0;
const started = performance.now();
for (let i = 0; i < input.total; i++) {
  const wait = started + (i * 1000) / input.rate - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  while (inFlight.size >= input.maxInFlight) await Promise.race(inFlight);
  const name = input.names[i % input.names.length]!;
  const write = admin
    .must(
      'PATCH',
      `/apis/kubeflow.org/v1/namespaces/${input.namespace}/notebooks/${name}/status`,
      {
        status: {
          readyReplicas: 0,
          containerState: { waiting: { reason: 'ImagePullBackOff', message: `bench-r-${i}` } },
        },
      },
      'application/merge-patch+json',
    )
    .catch(() => errors++)
    .finally(() => inFlight.delete(write));
  inFlight.add(write);
}
await Promise.all(inFlight);
await admin.close();
parentPort!.postMessage({ errors, seconds: (performance.now() - started) / 1000 });
