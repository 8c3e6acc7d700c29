import { parseArgs } from 'node:util';
import { loadClusterCredentials } from '../../../backend/src/k8s/kube-config.ts';
import { KubeRestClient } from '../../../backend/src/k8s/rest-client.ts';
import { NotebookController } from './notebook-controller.ts';

/**
 * The local control plane's notebook controller process (never part of the app or its image):
 *   node sandbox/src/local-controllers/main.ts --kubeconfig FILE [--namespace-label KEY=VALUE]
 * It talks only to the API server named in that kubeconfig (loopback, checked).
 */
const { values } = parseArgs({
  options: { kubeconfig: { type: 'string' }, 'namespace-label': { type: 'string' } },
});
const log = (message: string) => console.log(`${new Date().toISOString()} ${message}`);

if (!values.kubeconfig) {
  console.error('usage: main.ts --kubeconfig FILE [--namespace-label KEY=VALUE]');
  process.exit(2);
}
let namespaceLabel: { key: string; value: string } | undefined;
if (values['namespace-label']) {
  const [key, value = ''] = values['namespace-label'].split('=');
  namespaceLabel = { key: key!, value };
}

const credentials = await loadClusterCredentials({ kind: 'file', path: values.kubeconfig });
if (!/^https:\/\/127\.0\.0\.1:\d+\/?$/.test(credentials.server)) {
  console.error(`refusing non-loopback API server ${credentials.server}`);
  process.exit(2);
}
const rest = KubeRestClient.create(credentials, { timeoutMs: 10_000 });
const controller = new NotebookController(rest, { namespaceLabel, log });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    void controller
      .stop()
      .then(() => rest.close())
      .finally(() => process.exit(0));
  });
}

log(
  `notebook controller for ${credentials.server}` +
    (namespaceLabel ? ` (namespaces labelled ${namespaceLabel.key}=${namespaceLabel.value})` : ' (all namespaces)'),
);
await controller.start();
log('caches synced; reconciling');
