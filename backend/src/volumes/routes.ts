import {
  NewPvcRequestSchema,
  NewViewerRequestSchema,
  MessageOkSchema,
  PvcEventsResponseSchema,
  PvcListResponseSchema,
  PvcPodsResponseSchema,
  PvcResponseSchema,
  PvcUsageResponseSchema,
  PvcUsageUpdateRequestSchema,
  PvcUsageUpdateResponseSchema,
  type PvcUsage,
} from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { AppError, conflict, invalidRequest, notFound } from '../errors.ts';
import { sendOk } from '../http/envelope.ts';
import { isDns1123Subdomain } from '../http/path-params.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { KubeApis } from '../k8s/kube-apis.ts';
import { isKubeError } from '../k8s/kube-error.ts';
import { EVENTS, PODS, PVCS, PVCVIEWERS } from '../k8s/resources.ts';
import { buildPvc, parseNewPvc } from './new-pvc.ts';
import type { LiveVolumeUsage } from './live-volume-usage.ts';
import { pvcEventItems } from './pvc-events.ts';
import { pvcItems } from './pvc-item.ts';
import { parseUsageUpdate, usageAnnotationsPatch } from './usage-update.ts';
import { planPvcDeletion } from './pvc-deletion.ts';
import { notebooksUsing, podsMounting } from './pvc-users.ts';
import type { PvcViewerFeature } from './pvc-viewer-feature.ts';
import { responseObject } from './response-object.ts';
import { buildPvcViewer, renderViewerSpec } from './viewer-template.ts';

export interface VolumeRoutesDeps {
  reader: ClusterReader;
  apis: KubeApis;
  viewers: PvcViewerFeature;
  /** Volume usage from Prometheus, when configured (shared with the live streams). */
  usage?: LiveVolumeUsage;
}

type NsParams = { Params: { ns: string } };
type PvcParams = { Params: { ns: string; pvc: string } };

const TAGS = ['volumes'];

/** Turns the API server's "already exists" into our 409 wording; anything else propagates. */
async function creating<T>(what: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (isKubeError(err, 'alreadyExists')) throw conflict(`${what} already exists.`);
    throw err;
  }
}

export function registerVolumeRoutes(app: FastifyInstance, deps: VolumeRoutesDeps): void {
  const { reader, apis, usage } = deps;

  /** Usage for the list: optional, so a slow or failing Prometheus never holds up or fails the list. */
  async function liveUsage(ns: string): Promise<Map<string, PvcUsage> | undefined> {
    return usage ? usage.forList(ns) : undefined;
  }

  app.get<NsParams>(
    '/api/namespaces/:ns/pvcs',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PVCS }] },
        memo: ['pvcs', 'events', 'notebooks', 'pvcviewers'],
        docs: {
          summary: 'List the PVCs of a namespace as volume-table rows',
          tags: TAGS,
          response: PvcListResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const viewersOn = await deps.viewers.enabled();
      const [pvcs, events, notebooks, viewers, usage] = await Promise.all([
        reader.listPvcs(ns),
        reader.listEvents(ns),
        reader.listNotebooks(ns),
        viewersOn ? reader.listPvcViewers(ns) : Promise.resolve([]),
        liveUsage(ns),
      ]);
      return sendOk(request, reply, { pvcs: pvcItems(pvcs, { events, notebooks, viewers, usage }) });
    },
  );

  app.get<PvcParams>(
    '/api/namespaces/:ns/pvcs/:pvc',
    {
      config: {
        access: { checks: [{ verb: 'get', type: PVCS, nameParam: 'pvc' }] },
        docs: {
          summary: 'Get one PVC and the notebooks that mount it',
          tags: TAGS,
          response: PvcResponseSchema,
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { ns, pvc: name } = request.params;
      const [pvc, notebooks] = await Promise.all([reader.getPvc(ns, name), reader.listNotebooks(ns)]);
      if (!pvc) throw notFound(`PVC '${name}' not found.`);
      return sendOk(request, reply, {
        pvc: responseObject(pvc, 'v1', 'PersistentVolumeClaim'),
        notebooks: notebooksUsing(notebooks, name),
      });
    },
  );

  app.get<PvcParams>(
    '/api/namespaces/:ns/pvcs/:pvc/pods',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PODS }] },
        docs: { summary: 'List the pods that mount a PVC', tags: TAGS, response: PvcPodsResponseSchema },
      },
    },
    async (request, reply) => {
      const { ns, pvc } = request.params;
      const mounting = podsMounting(await reader.listPods(ns), pvc);
      const pods = await Promise.all(mounting.map((p) => reader.podDetails(ns, p.metadata.name ?? '')));
      return sendOk(request, reply, {
        pods: pods.filter((p) => p !== undefined).map((p) => responseObject(p, 'v1', 'Pod')),
      });
    },
  );

  app.get<PvcParams>(
    '/api/namespaces/:ns/pvcs/:pvc/events',
    {
      config: {
        access: { checks: [{ verb: 'list', type: EVENTS }] },
        docs: { summary: 'List the events of a PVC, newest first', tags: TAGS, response: PvcEventsResponseSchema },
      },
    },
    async (request, reply) => {
      const { ns, pvc: name } = request.params;
      const involved = { kind: 'PersistentVolumeClaim', name };
      const [events, pvc] = await Promise.all([reader.listEvents(ns, involved), reader.getPvc(ns, name)]);
      return sendOk(request, reply, { events: pvcEventItems(events, name, pvc) });
    },
  );

  app.post<NsParams>(
    '/api/namespaces/:ns/pvcs',
    {
      config: {
        access: { checks: [{ verb: 'create', type: PVCS }] },
        docs: {
          summary: 'Create an empty PVC (the upstream volumes app form)',
          tags: TAGS,
          body: NewPvcRequestSchema,
          response: MessageOkSchema,
          errors: [400, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const parsed = parseNewPvc(request.body, ns);
      const errors = parsed.ok ? [] : [...parsed.errors];
      const className = parsed.ok ? parsed.pvc.storageClassName : undefined;
      if (className) {
        const classes = await reader.listStorageClasses();
        if (!classes.some((c) => c.metadata.name === className)) {
          errors.push({ field: 'class', message: `StorageClass '${className}' does not exist.` });
        }
      }
      if (!parsed.ok || errors.length > 0) throw invalidRequest(errors);
      const pvc = buildPvc(ns, parsed.pvc);
      const what = `PVC '${parsed.pvc.name}'`;
      await creating(what, () => apis.pvcs.create(ns, pvc, { dryRun: true }));
      await creating(what, () => apis.pvcs.create(ns, pvc));
      return sendOk(request, reply, { message: 'PVC created successfully.' });
    },
  );

  app.delete<PvcParams>(
    '/api/namespaces/:ns/pvcs/:pvc',
    {
      config: {
        access: { checks: [{ verb: 'delete', type: PVCS, nameParam: 'pvc' }] },
        docs: {
          summary: 'Delete a PVC no pod uses (its viewers are removed first)',
          tags: TAGS,
          response: MessageOkSchema,
          errors: [404, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns, pvc: name } = request.params;
      const [pvc, pods, viewers] = await Promise.all([
        reader.getPvc(ns, name),
        reader.listPods(ns),
        reader.listPvcViewers(ns),
      ]);
      if (!pvc) throw notFound(`PVC '${name}' not found.`);
      const plan = planPvcDeletion(name, pods, viewers);
      if (plan.blockingPods.length > 0) {
        throw conflict(
          `Cannot delete PVC '${name}' because it is being used by pods: [${plan.blockingPods.join(', ')}]`,
        );
      }
      for (const viewer of plan.viewers) {
        await request.authorize({ verb: 'delete', type: PVCVIEWERS, name: viewer });
        await deleteIfPresent(() => apis.pvcViewers.delete(ns, viewer, { propagationPolicy: 'Foreground' }));
      }
      try {
        await apis.pvcs.delete(ns, name, { propagationPolicy: 'Foreground' });
      } catch (err) {
        if (isKubeError(err, 'notFound')) throw notFound(`PVC '${name}' not found.`);
        throw err;
      }
      return sendOk(request, reply, { message: `PVC ${name} successfully deleted.` });
    },
  );

  app.post<NsParams>(
    '/api/namespaces/:ns/viewers',
    {
      config: {
        access: { checks: [{ verb: 'create', type: PVCVIEWERS }] },
        docs: {
          summary: 'Open a PVCViewer on a PVC (from the VIEWER_SPEC_PATH template)',
          tags: TAGS,
          body: NewViewerRequestSchema,
          response: MessageOkSchema,
          errors: [400, 404, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      if (!(await deps.viewers.enabled())) throw notFound('PVC viewers are not enabled.');
      const body = request.body as Record<string, unknown> | undefined;
      const name = body && typeof body === 'object' ? body.name : undefined;
      if (typeof name !== 'string' || !isDns1123Subdomain(name)) {
        throw invalidRequest([{ field: 'name', message: 'name must be the name of a PVC in this namespace.' }]);
      }
      if (!(await reader.getPvc(ns, name))) throw notFound(`PVC '${name}' not found.`);
      let spec: Record<string, unknown>;
      try {
        spec = renderViewerSpec(deps.viewers.templateFile, name, ns, process.env);
      } catch (err) {
        request.log.error({ err: (err as Error).message }, 'cannot read the PVC viewer template');
        throw new AppError('internal', 'viewer template unreadable');
      }
      const viewer = buildPvcViewer(ns, name, spec);
      const what = `PVCViewer '${name}'`;
      await creating(what, () => apis.pvcViewers.create(ns, viewer, { dryRun: true }));
      await creating(what, () => apis.pvcViewers.create(ns, viewer));
      return sendOk(request, reply, { message: 'PVCViewer created successfully.' });
    },
  );

  app.get<NsParams>(
    '/api/namespaces/:ns/pvc-usage',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PVCS }] },
        docs: {
          summary: 'Volume usage of every PVC, live from Prometheus',
          tags: TAGS,
          response: PvcUsageResponseSchema,
          errors: [404, 502, 504],
        },
      },
    },
    async (request, reply) => {
      if (!usage) throw notFound('Volume usage reporting is not enabled.');
      const { ns } = request.params;
      const [pvcs, live] = await Promise.all([reader.listPvcs(ns), usage.live(ns)]);
      const names = pvcs.map((p) => p.metadata.name ?? '').sort();
      return sendOk(request, reply, {
        pvcs: names.map((name) => live.get(name) ?? { name, usage: '', usedBytes: '' }),
      });
    },
  );

  app.patch<NsParams>(
    '/api/namespaces/:ns/pvcs/usage',
    {
      config: {
        access: { checks: [{ verb: 'patch', type: PVCS }] },
        docs: {
          summary: 'Store reported volume usage as PVC annotations (unknown PVCs are listed in errors)',
          tags: TAGS,
          body: PvcUsageUpdateRequestSchema,
          response: PvcUsageUpdateResponseSchema,
          errors: [400],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const parsed = parseUsageUpdate(request.body);
      if (!parsed.ok) throw invalidRequest(parsed.errors);
      const missing = [];
      for (const entry of parsed.entries) {
        try {
          await apis.pvcs.mergePatch(ns, entry.name, usageAnnotationsPatch(entry));
        } catch (err) {
          if (!isKubeError(err, 'notFound')) throw err;
          missing.push({ field: `data[${entry.index}].name`, message: `PVC '${entry.name}' not found.` });
        }
      }
      return sendOk(request, reply, missing.length > 0 ? { errors: missing } : {});
    },
  );

  app.delete<{ Params: { ns: string; viewer: string } }>(
    '/api/namespaces/:ns/viewers/:viewer',
    {
      config: {
        access: { checks: [{ verb: 'delete', type: PVCVIEWERS, nameParam: 'viewer' }] },
        docs: { summary: 'Delete a PVCViewer', tags: TAGS, response: MessageOkSchema, errors: [404] },
      },
    },
    async (request, reply) => {
      const { ns, viewer } = request.params;
      try {
        await apis.pvcViewers.delete(ns, viewer, { propagationPolicy: 'Foreground' });
      } catch (err) {
        if (isKubeError(err, 'notFound')) throw notFound(`PVCViewer '${viewer}' not found.`);
        throw err;
      }
      return sendOk(request, reply, { message: `Viewer ${viewer} successfully deleted.` });
    },
  );
}

async function deleteIfPresent(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (err) {
    if (!isKubeError(err, 'notFound')) throw err;
  }
}
