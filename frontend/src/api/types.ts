import type { NotebookListItem as ContractNotebookListItem, PvcItem } from '@jupyter-apis/contract';

/**
 * Response and request shapes the UI reads, written from spec/api.md. They belong in
 * packages/contract once its notebook and volume schemas land; until then they live here.
 */

export type Phase =
  'ready' | 'waiting' | 'warning' | 'error' | 'uninitialized' | 'unavailable' | 'terminating' | 'stopped';

export interface ResourceStatus {
  phase: Phase;
  message: string;
  state?: string;
  key?: string;
}

export interface PvcStatus extends ResourceStatus {
  eventMessage?: string;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  resourceVersion?: string;
  ownerReferences?: { kind: string; name: string; apiVersion?: string }[];
}

export type NotebookListItem = ContractNotebookListItem;

export interface ViewerInfo {
  status: Phase;
  url: string | null;
}

export type PvcListItem = PvcItem;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; [key: string]: unknown };
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string };
  secret?: { secretName?: string };
  [source: string]: unknown;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string;
}

export interface Notebook {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { template: { spec: { containers: Container[]; volumes?: PodVolume[] } } };
  status?: { conditions?: Condition[]; readyReplicas?: number; containerState?: Record<string, unknown> };
  processed_status: ResourceStatus;
  formatted_resources?: { cpu: string; cpuLimit: string; memory: string; memoryLimit: string };
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { containers: Container[]; volumes?: PodVolume[]; nodeName?: string; serviceAccountName?: string };
  status?: { phase?: string; podIP?: string; hostIP?: string; conditions?: Condition[] };
}

export interface KubeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; name?: string };
}

export interface PodDefault {
  metadata: ObjectMeta;
  spec: { desc?: string; env?: EnvVar[]; selector?: { matchLabels?: Record<string, string> } };
  label: string;
  desc: string;
}

export interface PersistentVolumeClaim {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    accessModes?: string[];
    storageClassName?: string;
    volumeMode?: string;
    volumeName?: string;
    resources?: { requests?: Record<string, string> };
  };
  status?: { phase?: string; capacity?: Record<string, string> };
}

export interface ConfigValue<T> {
  value: T;
  readOnly?: boolean;
}

export interface ImageGroupConfig {
  value?: string;
  options?: string[];
  readOnly?: boolean;
  enabledCondition?: { labels?: Record<string, string> };
  disabledMessage?: Record<string, string>;
}

export interface ResourceConfig {
  value?: string | number;
  limitFactor?: string | number;
  limitValue?: string | number;
  gpuDefault?: string | number;
  readOnly?: boolean;
}

export interface GpuVendor {
  limitsKey: string;
  uiName: string;
}

export interface ApiVolume {
  mount: string;
  newPvc?: {
    metadata: { name: string };
    spec: {
      accessModes?: string[];
      resources?: { requests?: { storage?: string } };
      storageClassName?: string;
    };
  };
  existingSource?: { persistentVolumeClaim?: { claimName: string; readOnly?: boolean }; [source: string]: unknown };
}

export interface SpawnerConfig {
  image?: ImageGroupConfig;
  imageGroupOne?: ImageGroupConfig;
  imageGroupTwo?: ImageGroupConfig;
  imageGroupThree?: ImageGroupConfig;
  imageSas?: ImageGroupConfig;
  hideRegistry?: boolean;
  hideTag?: boolean;
  allowCustomImage?: boolean;
  imagePullPolicy?: ConfigValue<string>;
  cpu?: ResourceConfig;
  memory?: ResourceConfig;
  gpus?: ConfigValue<{ num: string; vendor?: string; vendors?: GpuVendor[] }>;
  workspaceVolume?: ConfigValue<ApiVolume | null>;
  dataVolumes?: ConfigValue<(ApiVolume | { value: ApiVolume })[] | null>;
  shm?: ConfigValue<boolean>;
  configurations?: ConfigValue<string[] | null>;
  affinityConfig?: ConfigValue<string> & { options?: { configKey: string; displayName: string }[] };
  tolerationGroup?: ConfigValue<string> & { options?: { groupKey: string; displayName: string }[] };
  serverTypeNames?: Record<string, Record<string, string>>;
}

export interface InfoFeatures {
  kubecost?: boolean;
  prometheus?: boolean;
  pvcViewers?: boolean;
  defaultNotebook?: boolean;
  edit?: boolean;
  keepalive?: boolean;
}

export interface AppInfo {
  version?: string;
  name?: string;
  features?: InfoFeatures;
}

export interface NamespaceObject {
  metadata: ObjectMeta;
}

/** Kubecost allocation body, returned verbatim by route 5. */
export interface CostAllocation {
  code?: number;
  data?: {
    sets?: {
      allocations?: Record<string, { cpuCost?: number; gpuCost?: number; ramCost?: number; pvCost?: number }>;
    }[];
  };
}

/** POST /api/namespaces/{ns}/notebooks body (notebook-from-form.md §3). */
export interface NotebookBody {
  name: string;
  namespace: string;
  serverType: string;
  image?: string;
  customImageCheck?: boolean;
  customImage?: string;
  imagePullPolicy?: string;
  cpu?: string;
  cpuLimit?: string;
  memory?: string;
  memoryLimit?: string;
  gpus?: { num: string; vendor?: string };
  workspace?: ApiVolume;
  noWorkspace?: boolean;
  datavols?: ApiVolume[];
  shm?: boolean;
  configurations?: string[];
  affinityConfig?: string;
  tolerationGroup?: string;
  language?: string;
}

export interface NewVolumeBody {
  name: string;
  namespace: string;
  type: 'empty';
  size: string;
  class: string;
  mode: string;
}
