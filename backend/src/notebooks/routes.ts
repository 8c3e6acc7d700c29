import {
  CreateDefaultResponseSchema,
  DefaultNotebookResponseSchema,
  LogsQuerySchema,
  MessageOkSchema,
  NotebookCreateBodySchema,
  NotebookEditBodySchema,
  NotebookEventsResponseSchema,
  NotebookListResponseSchema,
  NotebookLogsResponseSchema,
  NotebookPatchBodySchema,
  NotebookPodResponseSchema,
  NotebookResponseSchema,
  PlainOkSchema,
} from '@jupyter-apis/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Settings } from '../config/settings.ts';
import type { SpawnerConfigStore } from '../config/spawner-config.ts';
import { compareStrings } from '../compare.ts';
import { badRequest, conflict, invalidRequest, notFound } from '../errors.ts';
import { sendOk } from '../http/envelope.ts';
import { memoUntil } from '../http/response-memo.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { KubeApis } from '../k8s/kube-apis.ts';
import { isKubeError } from '../k8s/kube-error.ts';
import { NOTEBOOKS, PODS, EVENTS, PVCS } from '../k8s/resources.ts';
import { withoutManagedFields } from '../k8s/types.ts';
import {
  defaultNotebookBase,
  defaultNotebookBody,
  firstFree,
  isDefaultNotebook,
  oldestDefaultNotebook,
} from './default-notebook.ts';
import {
  asksForNewPvcs,
  buildOptionsFor,
  checkConflicts,
  createNotebookAndPvcs,
  loadFormContext,
  type CreationDeps,
} from './notebook-creation.ts';
import { editNotebook } from './notebook-edit.ts';
import { notebookEventItems } from './notebook-events.ts';
import { resolveNotebookForm } from './notebook-form.ts';
import { formattedResources, notebookListItem } from './notebook-item.ts';
import { logLines, NOTEBOOK_POD_LABEL, pickNotebookPod } from './notebook-pod.ts';
import { notebookStatus, statusChangesAt } from './notebook-status.ts';
import { keepAlive, setStopped } from './start-stop.ts';

export interface NotebookRouteDeps {
  apis: KubeApis;
  reader: ClusterReader;
  settings: Settings;
  spawnerConfig: SpawnerConfigStore;
}

type NsParams = { Params: { ns: string } };
type NbParams = { Params: { ns: string; nb: string } };

const TAGS = ['notebooks'];
/**
 * A notebook answer changes with the notebooks and events it is built from (the memo sees those)
 * and, for a notebook younger than 10 s, with the clock (`statusChangesAt`): nothing else ages it.
 */
const STATUS_MEMO_MAX_AGE_MS = 60_000;

function requireBody(body: unknown): void {
  if (body === undefined || body === null) throw badRequest("Request doesn't have a body.");
}

export function registerNotebookRoutes(app: FastifyInstance, deps: NotebookRouteDeps): void {
  const { apis, reader, settings } = deps;
  const creation = (request: FastifyRequest): CreationDeps => ({ apis, reader, settings, log: request.log });
  const notebookCheck = (verb: string) => ({ checks: [{ verb, type: NOTEBOOKS, nameParam: 'nb' }] });
  const newPvcCheck = async (request: FastifyRequest, body: unknown) => {
    if (asksForNewPvcs(body, deps.spawnerConfig.current)) await request.authorize({ verb: 'create', type: PVCS });
  };

  app.get<NsParams>(
    '/api/namespaces/:ns/notebooks',
    {
      config: {
        access: { checks: [{ verb: 'list', type: NOTEBOOKS }] },
        docs: { summary: 'List notebooks with their status', tags: TAGS, response: NotebookListResponseSchema },
        memo: ['notebooks', 'events'],
        memoMaxAgeMs: STATUS_MEMO_MAX_AGE_MS,
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      // Events are read once for the whole list and matched in memory.
      const [notebooks, events] = await Promise.all([reader.listNotebooks(ns), reader.listEvents(ns)]);
      const config = deps.spawnerConfig.current;
      const now = Date.now();
      for (const nb of notebooks) {
        const changesAt = statusChangesAt(nb, now);
        if (changesAt !== undefined) memoUntil(request, changesAt);
      }
      const items = notebooks
        .map((nb) => notebookListItem(nb, events, config, now))
        .sort((a, b) => compareStrings(a.name, b.name));
      return sendOk(request, reply, { notebooks: items });
    },
  );

  app.post<NsParams>(
    '/api/namespaces/:ns/notebooks',
    {
      config: {
        access: { checks: [{ verb: 'create', type: NOTEBOOKS }] },
        docs: {
          summary: 'Create a notebook and its new volumes, all or nothing',
          tags: TAGS,
          body: NotebookCreateBodySchema,
          response: MessageOkSchema,
          errors: [400, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const body = request.body;
      requireBody(body);
      const config = deps.spawnerConfig.current;
      await newPvcCheck(request, body);
      const ctx = await loadFormContext(creation(request), ns, config);
      const { form, errors } = resolveNotebookForm(body, ctx);
      const name = typeof (body as { name?: unknown }).name === 'string' ? (body as { name: string }).name : '';
      await checkConflicts(creation(request), form, errors, ctx, errors.some((e) => e.field === 'name') ? '' : name);
      await createNotebookAndPvcs(creation(request), form!, buildOptionsFor(settings, request.identity.user, config));
      return sendOk(request, reply, { message: 'Notebook created successfully.' });
    },
  );

  app.get<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb',
    {
      config: {
        access: notebookCheck('get'),
        memo: ['notebooks', 'events'],
        memoMaxAgeMs: STATUS_MEMO_MAX_AGE_MS,
        docs: {
          summary: 'One notebook with processed_status and formatted_resources',
          tags: TAGS,
          response: NotebookResponseSchema,
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      const notebook = await reader.notebookDetails(ns, nb);
      if (!notebook) throw notFound(`Notebook '${nb}' not found.`);
      const changesAt = statusChangesAt(notebook);
      if (changesAt !== undefined) memoUntil(request, changesAt);
      const events = await reader.listEvents(ns, { kind: 'Notebook', name: nb });
      return sendOk(request, reply, {
        notebook: {
          ...withoutManagedFields(notebook),
          processed_status: notebookStatus(notebook, events),
          formatted_resources: formattedResources(notebook),
        },
      });
    },
  );

  app.get<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb/pod',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PODS }] },
        docs: { summary: "The notebook's pod", tags: TAGS, response: NotebookPodResponseSchema, errors: [404] },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      const picked = pickNotebookPod(await reader.listPods(ns, `${NOTEBOOK_POD_LABEL}=${nb}`), nb);
      const pod = picked && (await reader.podDetails(ns, picked.metadata.name ?? ''));
      if (!pod) throw notFound('No pod detected.');
      return sendOk(request, reply, { pod: withoutManagedFields(pod) });
    },
  );

  app.get<{ Params: { ns: string; nb: string; pod: string }; Querystring: Record<string, string | undefined> }>(
    '/api/namespaces/:ns/notebooks/:nb/pod/:pod/logs',
    {
      config: {
        access: { checks: [{ verb: 'get', type: PODS, subresource: 'log', nameParam: 'pod' }] },
        docs: {
          summary: 'Log lines of the notebook container',
          tags: TAGS,
          query: LogsQuerySchema,
          response: NotebookLogsResponseSchema,
          errors: [400, 404],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb, pod: podName } = request.params;
      const tailText = request.query.tailLines;
      let tailLines = settings.logTailLines;
      if (tailText !== undefined) {
        if (!/^\d+$/.test(tailText) || Number(tailText) < 1 || Number(tailText) > 100_000) {
          throw invalidRequest([{ field: 'tailLines', message: 'tailLines must be an integer from 1 to 100000.' }]);
        }
        tailLines = Number(tailText);
      }
      const container = request.query.container?.trim() || nb;
      let pod;
      try {
        pod = await apis.pods.get(ns, podName);
      } catch (err) {
        if (isKubeError(err, 'notFound')) throw notFound('No pod detected.');
        throw err;
      }
      if (pod.metadata.labels?.[NOTEBOOK_POD_LABEL] !== nb) throw notFound('No pod detected.');
      let text: string;
      try {
        text = await apis.podLogs(ns, podName, container, tailLines);
      } catch (err) {
        if (isKubeError(err, 'notFound')) throw notFound('No pod detected.');
        throw err;
      }
      return sendOk(request, reply, { logs: logLines(text) });
    },
  );

  app.get<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb/events',
    {
      config: {
        access: { checks: [{ verb: 'list', type: EVENTS }] },
        docs: { summary: 'Events of the notebook, newest first', tags: TAGS, response: NotebookEventsResponseSchema },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      const [events, notebook] = await Promise.all([
        reader.listEvents(ns, { kind: 'Notebook', name: nb }),
        reader.getNotebook(ns, nb),
      ]);
      return sendOk(request, reply, { events: notebookEventItems(events, nb, notebook) });
    },
  );

  app.delete<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb',
    {
      config: {
        access: notebookCheck('delete'),
        docs: {
          summary: 'Delete a notebook (foreground); its volumes are kept',
          tags: TAGS,
          response: MessageOkSchema,
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      try {
        await apis.notebooks.delete(ns, nb, { propagationPolicy: 'Foreground' });
      } catch (err) {
        if (isKubeError(err, 'notFound')) throw notFound(`Notebook '${nb}' not found.`);
        throw err;
      }
      return sendOk(request, reply, { message: `Notebook ${nb} successfully deleted.` });
    },
  );

  app.patch<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb',
    {
      config: {
        access: notebookCheck('patch'),
        docs: {
          summary: 'Start or stop a notebook',
          tags: TAGS,
          body: NotebookPatchBodySchema,
          response: PlainOkSchema,
          errors: [400, 404, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      const body = request.body;
      requireBody(body);
      if (typeof body !== 'object' || Array.isArray(body) || !('stopped' in (body as object))) {
        throw badRequest("Request body must include at least one supported key: ['stopped']");
      }
      const stopped = (body as { stopped: unknown }).stopped;
      if (typeof stopped !== 'boolean')
        throw invalidRequest([{ field: 'stopped', message: "'stopped' must be true or false." }]);
      await setStopped(apis, ns, nb, stopped);
      return sendOk(request, reply);
    },
  );

  app.post<NbParams>(
    '/api/namespaces/:ns/notebooks/:nb',
    {
      config: {
        access: notebookCheck('update'),
        docs: {
          summary: "Edit a notebook's resources and volumes",
          tags: TAGS,
          body: NotebookEditBodySchema,
          response: MessageOkSchema,
          errors: [400, 404, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb } = request.params;
      const body = request.body;
      requireBody(body);
      const config = deps.spawnerConfig.current;
      const b = body as Record<string, unknown>;
      if (asksForNewPvcs({ workspace: b.workspace, datavols: b.datavols }, {})) {
        await request.authorize({ verb: 'create', type: PVCS });
      }
      const ctx = await loadFormContext(creation(request), ns, config);
      await editNotebook(creation(request), ctx, nb, body);
      return sendOk(request, reply, { message: 'Notebook updated successfully.' });
    },
  );

  app.post<NsParams>(
    '/api/namespaces/:ns/createdefault',
    {
      config: {
        access: { checks: [{ verb: 'create', type: NOTEBOOKS }] },
        docs: {
          summary: 'Create the default notebook from config values',
          tags: TAGS,
          response: CreateDefaultResponseSchema,
          errors: [409],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const config = deps.spawnerConfig.current;
      const existing = (await apis.notebooks.list(ns)).items;
      if (existing.some(isDefaultNotebook)) throw conflict('A default notebook already exists.');
      const name = firstFree(defaultNotebookBase(ns), new Set(existing.map((n) => n.metadata.name ?? '')));
      const ctx = await loadFormContext(creation(request), ns, config);
      const body = defaultNotebookBody(name, config, ctx.existingPvcs, settings.defaultNotebookWorkspace);
      await newPvcCheck(request, body);
      const { form, errors } = resolveNotebookForm(body, ctx);
      await checkConflicts(creation(request), form, errors, ctx, name);
      await createNotebookAndPvcs(creation(request), form!, {
        ...buildOptionsFor(settings, request.identity.user, config),
        defaultNotebook: true,
      });
      return sendOk(request, reply, { message: 'Notebook created successfully.', name });
    },
  );

  app.get<NsParams>(
    '/api/namespaces/:ns/defaultnotebook',
    {
      config: {
        access: { checks: [{ verb: 'list', type: NOTEBOOKS }] },
        docs: {
          summary: 'The default notebook as a list item',
          tags: TAGS,
          response: DefaultNotebookResponseSchema,
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const nb = oldestDefaultNotebook(await reader.listNotebooks(ns));
      if (!nb) throw notFound('No default notebook found.');
      const events = await reader.listEvents(ns, { kind: 'Notebook', name: nb.metadata.name ?? '' });
      return sendOk(request, reply, { notebook: notebookListItem(nb, events, deps.spawnerConfig.current) });
    },
  );

  app.patch<{ Params: { ns: string; nb: string; hours: string } }>(
    '/api/namespaces/:ns/notebooks/:nb/keepalive/:hours',
    {
      config: {
        access: notebookCheck('patch'),
        docs: {
          summary: 'Postpone culling by some hours',
          tags: TAGS,
          response: PlainOkSchema,
          errors: [400, 404, 409],
        },
      },
    },
    async (request, reply) => {
      const { ns, nb, hours } = request.params;
      const n = Number(hours);
      if (!/^\d+$/.test(hours) || n < 1 || n > settings.keepaliveMaxHours) {
        throw invalidRequest([
          { field: 'hours', message: `hours must be an integer from 1 to ${settings.keepaliveMaxHours}.` },
        ]);
      }
      await keepAlive(apis, ns, nb, n);
      return sendOk(request, reply);
    },
  );
}
