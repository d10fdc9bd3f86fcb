import { deletedSchema } from '../../core/accounts';
import {
  catalogImageSchema,
  createImageRequestSchema,
  imageListQuerySchema,
  imageListSchema,
  importImageRequestSchema,
  registryListingSchema,
  updateImageRequestSchema,
} from '../../core/catalog';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import {
  browseRegistry,
  createImage,
  importImage,
  listImages,
  removeImage,
  requireImage,
  updateImage,
} from '../use-cases/images';

/**
 * The software catalog: admins register images (by hand or from a registry); users browse and
 * search it. `:ref` is an id or `name[:version]` (URL-encode the slash: godocker%2Fdebian:12).
 */
export function imageRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/images',
      audit: changeAudit('image.create', 'image'),
      summary: 'Register an image in the catalog',
      access: 'admin',
      body: createImageRequestSchema,
      response: catalogImageSchema,
      status: 201,
      async handle({ body }) {
        return createImage(deps, body);
      },
    }),
    route({
      method: 'post',
      path: '/images/import',
      audit: changeAudit('image.import', 'image', 'repository'),
      summary: "Register a registry repository's tag, with its digest",
      access: 'admin',
      body: importImageRequestSchema,
      response: catalogImageSchema,
      status: 201,
      async handle({ body }) {
        return importImage(deps, body);
      },
    }),
    route({
      method: 'get',
      path: '/images',
      summary: 'List and search the catalog',
      access: 'user',
      query: imageListQuerySchema,
      response: imageListSchema,
      async handle({ query }) {
        return { images: await listImages(deps, query) };
      },
    }),
    route({
      method: 'get',
      path: '/images/:ref',
      summary: 'Show an image of the catalog',
      access: 'user',
      response: catalogImageSchema,
      async handle({ params }) {
        return requireImage(deps, params.ref ?? '');
      },
    }),
    route({
      method: 'patch',
      path: '/images/:ref',
      audit: changeAudit('image.update', 'image', 'ref'),
      summary: 'Change an image of the catalog (submitted jobs keep theirs)',
      access: 'admin',
      body: updateImageRequestSchema,
      response: catalogImageSchema,
      async handle({ params, body }) {
        return updateImage(deps, params.ref ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/images/:ref',
      audit: changeAudit('image.delete', 'image', 'ref'),
      summary: 'Remove an image from the catalog',
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        await removeImage(deps, params.ref ?? '');
        return { deleted: true as const };
      },
    }),
    route({
      method: 'get',
      path: '/registries/:registry/repositories',
      summary: 'List the repositories and tags of a registry (Registry HTTP API v2)',
      access: 'admin',
      response: registryListingSchema,
      async handle({ params }) {
        return browseRegistry(deps, params.registry ?? '');
      },
    }),
  ];
}
