import { z } from 'zod';
import { imageRegistry, isImageReference } from './images';

const nameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
    'use a repository path without registry or tag, e.g. godocker/debian',
  );
const versionSchema = z
  .string()
  .regex(/^[\w][\w.-]{0,127}$/, 'use a Docker tag: letters, digits, _ . -, e.g. 12 or latest');
const tagSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9+.-]{0,31}$/, 'use lowercase words, e.g. shell');
const referenceSchema = z
  .string()
  .max(255)
  .refine(isImageReference, 'must be an image reference, e.g. 127.0.0.1:5000/godocker/debian:12');
const digestSchema = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256:<64 hex digits>');

/** The body of `POST /api/v1/images`: registers an image in the catalog. */
export const createImageRequestSchema = z.strictObject({
  name: nameSchema.describe('What users ask for, e.g. godocker/debian'),
  version: versionSchema.default('latest').describe('The tag, e.g. 12'),
  description: z.string().max(1000).default(''),
  os: z.string().max(64).default('').describe('Operating system, e.g. debian or busybox'),
  tags: z.array(tagSchema).max(20).default([]).describe('Words to search by, e.g. shell'),
  isDefault: z.boolean().default(false).describe('The image shown first (one at a time)'),
  reference: referenceSchema
    .optional()
    .describe('Where the daemon gets it; default name:version (an image built on the node)'),
  digest: digestSchema
    .optional()
    .describe('Manifest digest; looked up in the registry when the reference names one'),
});

/** A validated image registration. */
export type CreateImageRequest = z.infer<typeof createImageRequestSchema>;

/** The body of `PATCH /api/v1/images/:ref`. */
export const updateImageRequestSchema = z.strictObject({
  description: z.string().max(1000).optional(),
  os: z.string().max(64).optional(),
  tags: z.array(tagSchema).max(20).optional(),
  isDefault: z.boolean().optional(),
  reference: referenceSchema.optional(),
  digest: digestSchema.nullable().optional(),
});

/** A validated image change. */
export type UpdateImageRequest = z.infer<typeof updateImageRequestSchema>;

/** The body of `POST /api/v1/images/import`: registers a repository's tag from a registry. */
export const importImageRequestSchema = z.strictObject({
  registry: z
    .string()
    .regex(/^[a-z0-9.-]+(?::\d{1,5})?$/, 'use host[:port], e.g. 127.0.0.1:5000')
    .describe('The registry, e.g. 127.0.0.1:5000'),
  repository: nameSchema.describe('The repository in it, e.g. godocker/debian'),
  tag: versionSchema.default('latest'),
  name: nameSchema.optional().describe('The name users ask for; default the repository'),
  description: z.string().max(1000).default(''),
  os: z.string().max(64).default(''),
  tags: z.array(tagSchema).max(20).default([]),
  isDefault: z.boolean().default(false),
});

/** A validated registry import. */
export type ImportImageRequest = z.infer<typeof importImageRequestSchema>;

/** An image of the catalog as the API shows it. */
export const catalogImageSchema = z.object({
  id: z.int(),
  name: z.string(),
  version: z.string(),
  /** name:version, what a job's `image` names. */
  image: z.string().describe('What to submit jobs with: name:version'),
  description: z.string(),
  os: z.string(),
  tags: z.array(z.string()),
  isDefault: z.boolean(),
  reference: z.string().describe('Where the daemon gets the image'),
  registry: z.string().nullable().describe('The registry of the reference; null when local'),
  digest: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** An image of the catalog. */
export type CatalogImage = z.infer<typeof catalogImageSchema>;

/** The query of `GET /api/v1/images`. */
export const imageListQuerySchema = z.strictObject({
  search: z.string().max(100).optional().describe('Words found in name, description, os or tags'),
  os: z.string().max(64).optional(),
  tag: z.string().max(32).optional(),
});

/** Filters of the catalog listing. */
export type ImageListQuery = z.infer<typeof imageListQuerySchema>;

/** The response of `GET /api/v1/images`. */
export const imageListSchema = z.object({ images: z.array(catalogImageSchema) });

/** The response of `GET /api/v1/registries/:registry/repositories`. */
export const registryListingSchema = z.object({
  registry: z.string(),
  repositories: z.array(z.object({ name: z.string(), tags: z.array(z.string()) })),
});

/** What a registry offers: its repositories and their tags. */
export type RegistryListing = z.infer<typeof registryListingSchema>;

/** The registry a reference names explicitly, or null for a bare name (local or docker.io). */
export function explicitRegistry(reference: string): string | null {
  const registry = imageRegistry(reference);
  return registry === 'docker.io' && !reference.startsWith('docker.io/') ? null : registry;
}

/** The reference without its tag or digest: what `name@digest` is built on. */
export function repositoryOf(reference: string): string {
  const bare = reference.replace(/@sha256:[a-f0-9]{64}$/, '');
  const lastSlash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  return colon > lastSlash ? bare.slice(0, colon) : bare;
}

/** The tag of a reference (`latest` when it names none). */
export function tagOf(reference: string): string {
  const bare = reference.replace(/@sha256:[a-f0-9]{64}$/, '');
  const lastSlash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  return colon > lastSlash ? bare.slice(colon + 1) : 'latest';
}

/** True when an image matches every word of a search (name, description, os and tags). */
export function matchesSearch(image: CatalogImage, search: string): boolean {
  const text = [image.image, image.description, image.os, ...image.tags].join(' ').toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((word) => text.includes(word));
}
