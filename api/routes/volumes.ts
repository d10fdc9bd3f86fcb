import { deletedSchema } from '../../core/accounts';
import { notFound } from '../../core/errors';
import {
  createVolumeRequestSchema,
  updateVolumeRequestSchema,
  volumeListSchema,
  volumeSchema,
} from '../../core/volumes';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import { createVolume, requireVolume, updateVolume } from '../use-cases/volumes';

/** The volume catalog: admins declare host directories; users read it to choose volumes. */
export function volumeRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/volumes',
      audit: changeAudit('volume.create', 'volume'),
      summary: 'Declare a volume jobs may mount',
      access: 'admin',
      body: createVolumeRequestSchema,
      response: volumeSchema,
      status: 201,
      async handle({ body }) {
        return createVolume(deps, body);
      },
    }),
    route({
      method: 'get',
      path: '/volumes',
      summary: 'List the volumes of the catalog',
      access: 'user',
      response: volumeListSchema,
      async handle() {
        return { volumes: await deps.volumes.list() };
      },
    }),
    route({
      method: 'get',
      path: '/volumes/:name',
      summary: 'Show a volume',
      access: 'user',
      response: volumeSchema,
      async handle({ params }) {
        return requireVolume(deps, params.name ?? '');
      },
    }),
    route({
      method: 'patch',
      path: '/volumes/:name',
      audit: changeAudit('volume.update', 'volume'),
      summary: 'Change a volume (submitted jobs keep their mounts)',
      access: 'admin',
      body: updateVolumeRequestSchema,
      response: volumeSchema,
      async handle({ params, body }) {
        return updateVolume(deps, params.name ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/volumes/:name',
      audit: changeAudit('volume.delete', 'volume'),
      summary: 'Remove a volume from the catalog',
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        if (!(await deps.volumes.delete(params.name ?? '')))
          throw notFound(`no volume '${params.name}'`);
        return { deleted: true as const };
      },
    }),
  ];
}
