import { DefaultStorageClassResponseSchema, StorageClassesResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { sendOk } from '../http/envelope.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import { defaultStorageClass, storageClassNames } from './default-storage-class.ts';

const TAGS = ['storage classes'];

export function registerStorageClassRoutes(app: FastifyInstance, deps: { reader: ClusterReader }): void {
  app.get(
    '/api/storageclasses',
    {
      config: {
        access: { public: true },
        docs: { summary: 'Names of all StorageClasses, sorted', tags: TAGS, response: StorageClassesResponseSchema },
      },
    },
    async (request, reply) =>
      sendOk(request, reply, { storageClasses: storageClassNames(await deps.reader.listStorageClasses()) }),
  );

  app.get(
    '/api/storageclasses/default',
    {
      config: {
        access: { public: true },
        docs: {
          summary: 'The default StorageClass, "" if none',
          tags: TAGS,
          response: DefaultStorageClassResponseSchema,
        },
      },
    },
    async (request, reply) =>
      sendOk(request, reply, { defaultStorageClass: defaultStorageClass(await deps.reader.listStorageClasses()) }),
  );
}
