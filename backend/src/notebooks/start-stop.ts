import { conflict, notFound } from '../errors.ts';
import type { KubeApis } from '../k8s/kube-apis.ts';
import { isKubeError } from '../k8s/kube-error.ts';
import type { Notebook } from '../k8s/types.ts';
import { LAST_ACTIVITY_ANNOTATION } from './notebook-item.ts';
import { STOP_ANNOTATION } from './notebook-status.ts';

/** `YYYY-MM-DDTHH:MM:SSZ`, the format the controller and culler write. */
export function stopTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A fresh read (never the cache): two quick clicks must give one 200 and one 409. */
export async function freshNotebook(apis: KubeApis, namespace: string, name: string): Promise<Notebook> {
  try {
    return await apis.notebooks.get(namespace, name);
  } catch (err) {
    if (isKubeError(err, 'notFound')) throw notFound(`Notebook '${name}' not found.`);
    throw err;
  }
}

/** Start (stopped=false) or stop (stopped=true) a notebook with a merge patch of the stop annotation (status.md §4). */
export async function setStopped(
  apis: KubeApis,
  namespace: string,
  name: string,
  stopped: boolean,
  now = new Date(),
): Promise<void> {
  const nb = await freshNotebook(apis, namespace, name);
  if (nb.metadata.deletionTimestamp) throw conflict(`Notebook ${namespace}/${name} is being deleted.`);
  const isStopped = nb.metadata.annotations?.[STOP_ANNOTATION] !== undefined;
  if (stopped && isStopped) throw conflict(`Notebook ${namespace}/${name} is already stopped.`);
  const value = stopped ? stopTimestamp(now) : null;
  try {
    await apis.notebooks.mergePatch(namespace, name, { metadata: { annotations: { [STOP_ANNOTATION]: value } } });
  } catch (err) {
    if (isKubeError(err, 'notFound')) throw notFound(`Notebook '${name}' not found.`);
    throw err;
  }
}

/** Postpones culling: last-activity = now + hours (status.md §5.2). */
export async function keepAlive(
  apis: KubeApis,
  namespace: string,
  name: string,
  hours: number,
  now = new Date(),
): Promise<void> {
  const nb = await freshNotebook(apis, namespace, name);
  if (nb.metadata.annotations?.[STOP_ANNOTATION] !== undefined)
    throw conflict(`Notebook ${namespace}/${name} is stopped.`);
  if (nb.metadata.deletionTimestamp) throw conflict(`Notebook ${namespace}/${name} is being deleted.`);
  const until = stopTimestamp(new Date(now.getTime() + hours * 3600_000));
  await apis.notebooks.mergePatch(namespace, name, {
    metadata: { annotations: { [LAST_ACTIVITY_ANNOTATION]: until } },
  });
}
