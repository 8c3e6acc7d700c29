/**
 * The shapes of the Kubernetes objects we read, as the API server sends them (raw JSON: timestamps
 * are RFC 3339 strings). Only the fields the app uses are named; everything else is kept as is.
 */
export type Labels = Record<string, string>;

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; [k: string]: unknown }[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface KubeList<T extends KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export type Quantities = Record<string, string>;

export interface ResourceRequirements {
  requests?: Quantities;
  limits?: Quantities;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
  mountPropagation?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  resources?: ResourceRequirements;
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  [key: string]: unknown;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: unknown;
  secret?: unknown;
  [key: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  volumes?: Volume[];
  serviceAccountName?: string;
  affinity?: unknown;
  tolerations?: unknown[];
  nodeName?: string;
  [key: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export interface Notebook extends KubeObject {
  spec?: { template?: { spec?: PodSpec } };
  status?: { readyReplicas?: number; containerState?: ContainerState; conditions?: Condition[] };
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; [key: string]: unknown };
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: {
    accessModes?: string[];
    resources?: ResourceRequirements;
    storageClassName?: string;
    volumeMode?: string;
    volumeName?: string;
    [key: string]: unknown;
  };
  status?: { phase?: string; capacity?: Quantities; accessModes?: string[] };
}

export interface KubeEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
}

export interface PodDefault extends KubeObject {
  spec?: { selector?: { matchLabels?: Labels }; desc?: string; [key: string]: unknown };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
}

export interface Namespace extends KubeObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface Node extends KubeObject {
  status?: { capacity?: Quantities; allocatable?: Quantities };
}

export interface PvcViewer extends KubeObject {
  spec?: { pvc?: string; [key: string]: unknown };
  status?: { ready?: boolean; url?: string };
}

/** A copy of the object without `metadata.managedFields`, which no response carries. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
