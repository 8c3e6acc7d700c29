/**
 * Kubernetes objects shaped like the frontends' recorded responses, to seed the test control plane
 * with what produced those responses on a real cluster.
 */

type Json = Record<string, any>;

const SERVER_TYPE = 'notebooks.kubeflow.org/server-type';
const LAST_ACTIVITY = 'notebooks.kubeflow.org/last-activity';

function podVolume(name: string): Json {
  return name === 'dshm'
    ? { name, emptyDir: { medium: 'Memory' } }
    : { name, persistentVolumeClaim: { claimName: name } };
}

/** A Notebook that our list route turns into `item` (a notebooks[] entry of a fixture). */
export function notebookFromListItem(item: Json): Json {
  const annotations: Record<string, string> = { ...item.metadata?.annotations, [SERVER_TYPE]: item.serverType };
  const lastActivity = item.lastActivity ?? item.last_activity;
  if (lastActivity) annotations[LAST_ACTIVITY] = lastActivity;
  const volumes: string[] = item.volumes ?? [];
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name: item.name, labels: { ...item.metadata?.labels, ...item.labels }, annotations },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: item.name,
              image: item.image,
              resources: { requests: { cpu: item.cpu, memory: item.memory } },
              volumeMounts: volumes.map((name, i) => ({
                name,
                mountPath: name === 'dshm' ? '/dev/shm' : `/home/jovyan/vol-${i}`,
              })),
            },
          ],
          volumes: volumes.map(podVolume),
        },
      },
    },
  };
}

/** The Notebook status the controller writes for a list item's phase (enough for its status branch). */
export function notebookStatusFor(phase: string): Json {
  if (phase === 'ready') {
    return {
      readyReplicas: 1,
      conditions: [{ type: 'Ready', status: 'True', lastProbeTime: '2023-09-26T19:24:58Z' }],
      containerState: { running: { startedAt: '2023-09-26T19:24:57Z' } },
    };
  }
  if (phase === 'waiting') return { readyReplicas: 0, containerState: { waiting: { reason: 'PodInitializing' } } };
  // Stopped, terminating and failing notebooks: the controller has reported on them (so the
  // just-created grace period of status.md §1 does not apply), with no reason of its own.
  return { readyReplicas: 0, conditions: [{ type: 'Ready', status: 'False', lastProbeTime: '2023-09-26T19:24:58Z' }] };
}

/** A Notebook from a detail fixture's `notebook` (metadata, spec; status is written separately). */
export function notebookFromDetail(notebook: Json): Json {
  const { name, labels, annotations } = notebook.metadata;
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, labels, annotations },
    spec: notebook.spec,
  };
}

/** A Pod from a pod fixture; every volumeMount gets an emptyDir volume so that the API server accepts it. */
export function podFromFixture(pod: Json): Json {
  const mounts = new Set<string>();
  for (const c of pod.spec.containers) for (const m of c.volumeMounts ?? []) mounts.add(m.name);
  const { name, labels, annotations } = pod.metadata;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels, annotations },
    spec: {
      ...pod.spec,
      automountServiceAccountToken: false,
      volumes: [...(pod.spec.volumes ?? []), ...[...mounts].map((m) => ({ name: m, emptyDir: {} }))],
    },
  };
}

/** A PVC for a pvcs[] entry of a fixture, and the status a bound claim has. */
export function pvcFromListItem(item: Json): { pvc: Json; status: Json } {
  const storage = item.capacity || '1Gi';
  return {
    pvc: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: item.name, labels: item.labels ?? {} },
      spec: {
        accessModes: item.modes,
        resources: { requests: { storage } },
        storageClassName: item.class,
      },
    },
    status:
      item.status?.message === 'Bound'
        ? { phase: 'Bound', accessModes: item.modes, capacity: { storage } }
        : { phase: 'Pending' },
  };
}

/** A PVC from a detail fixture's `pvc`; its `status` is written separately. */
export function pvcFromDetail(pvc: Json): Json {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: pvc.metadata.name, labels: pvc.metadata.labels },
    spec: pvc.spec,
  };
}

/** A PodDefault from a poddefaults[] entry (our `label`/`desc` additions and server fields removed). */
export function podDefaultFromFixture(item: Json): Json {
  return {
    apiVersion: 'kubeflow.org/v1alpha1',
    kind: 'PodDefault',
    metadata: { name: item.metadata.name },
    spec: item.spec,
  };
}

/** A core/v1 Event about an object, carrying a fixture event's type, reason and message. */
export function eventAbout(
  ns: string,
  name: string,
  about: { apiVersion: string; kind: string; name: string },
  fixtureEvent: Json,
  at: string,
): Json {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { ...about, namespace: ns },
    type: fixtureEvent.type,
    reason: fixtureEvent.reason,
    message: fixtureEvent.message,
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    source: { component: 'fixture' },
  };
}
