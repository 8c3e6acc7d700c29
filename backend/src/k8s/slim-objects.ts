import type { Container, KubeObject, Notebook, ObjectMeta, Pod, Volume } from './types.ts';

/**
 * What the watch caches keep of notebooks and pods: the fields the list, status and volume code
 * read, and nothing else (a pod's full spec and status are most of its bytes). Routes that answer
 * a whole object (notebook details, the notebook's pod, the pods of a PVC) read it through
 * `ClusterReader.notebookDetails`/`podDetails` instead. Each function builds a new object and leaves
 * its argument as it was.
 */

/** Everything but managedFields: notebook list items carry their metadata as is. */
function metadataOf(obj: KubeObject): ObjectMeta {
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return metadata;
}

/** The metadata the pod lookups use: identity, versions, labels (indexes, viewer pods), timestamps. */
function podMetadata(pod: Pod): ObjectMeta {
  const m = pod.metadata;
  const metadata: ObjectMeta = {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
  };
  if (m.deletionTimestamp) metadata.deletionTimestamp = m.deletionTimestamp;
  if (m.labels) metadata.labels = m.labels;
  return metadata;
}

/** Volumes by name, with the claim name of PVC volumes (the only source anything reads). */
function slimVolumes(volumes: Volume[] | undefined): Volume[] | undefined {
  if (!Array.isArray(volumes)) return undefined;
  return volumes.map((v) =>
    v?.persistentVolumeClaim
      ? { name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim.claimName } }
      : { name: v?.name },
  );
}

function slimContainer(c: Container): Container {
  const container: Container = { name: c?.name };
  if (c?.image !== undefined) container.image = c.image;
  if (c?.resources !== undefined) container.resources = c.resources;
  return container;
}

/**
 * A notebook as the lists read it: metadata, its containers' names, images and resources, its
 * volumes' names and claims, and the status fields of the status algorithm.
 */
export function slimNotebook(nb: Notebook): Notebook {
  const podSpec = nb.spec?.template?.spec;
  const slim: Notebook = { apiVersion: nb.apiVersion, kind: nb.kind, metadata: metadataOf(nb) };
  if (podSpec) {
    const spec: NonNullable<NonNullable<Notebook['spec']>['template']>['spec'] = {};
    if (Array.isArray(podSpec.containers)) spec.containers = podSpec.containers.map(slimContainer);
    const volumes = slimVolumes(podSpec.volumes);
    if (volumes) spec.volumes = volumes;
    slim.spec = { template: { spec } };
  }
  if (nb.status) {
    const { readyReplicas, containerState, conditions } = nb.status;
    slim.status = { readyReplicas, containerState, conditions };
  }
  return slim;
}

/** A pod as the lookups read it: identity, labels, PVC volumes and phase. */
export function slimPod(pod: Pod): Pod {
  const slim: Pod = { apiVersion: pod.apiVersion, kind: pod.kind, metadata: podMetadata(pod) };
  const volumes = slimVolumes(pod.spec?.volumes?.filter((v) => v?.persistentVolumeClaim));
  if (volumes) slim.spec = { volumes };
  if (pod.status?.phase !== undefined) slim.status = { phase: pod.status.phase };
  return slim;
}
