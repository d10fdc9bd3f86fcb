import { badRequest, conflict, notFound } from '../../core/errors';
import {
  explicitRegistry,
  matchesSearch,
  repositoryOf,
  tagOf,
  type CatalogImage,
  type CreateImageRequest,
  type ImageListQuery,
  type ImportImageRequest,
  type RegistryListing,
  type UpdateImageRequest,
} from '../../core/catalog';
import { closeMatches, imageRefusal, withDefaultTag } from '../../core/images';
import type { NewCatalogImage } from '../../adapters/mysql/images';
import type { ApiDeps } from '../context';

/** The catalog filtered by search words, operating system and tag. */
export async function listImages(deps: ApiDeps, query: ImageListQuery): Promise<CatalogImage[]> {
  const images = await deps.images.list();
  return images.filter(
    (i) =>
      (query.search === undefined || matchesSearch(i, query.search)) &&
      (query.os === undefined || i.os === query.os) &&
      (query.tag === undefined || i.tags.includes(query.tag)),
  );
}

/** Splits `name[:version]` (version `latest` when absent). */
function nameAndVersion(ref: string): { name: string; version: string } {
  return { name: repositoryOf(ref), version: tagOf(ref) };
}

/** An image by id or `name[:version]`, or a 404 naming close matches. */
export async function requireImage(deps: ApiDeps, ref: string): Promise<CatalogImage> {
  const found = /^\d+$/.test(ref)
    ? await deps.images.get(Number(ref))
    : await deps.images.find(nameAndVersion(ref).name, nameAndVersion(ref).version);
  if (found) return found;
  const close = closeMatches(
    ref,
    (await deps.images.list()).map((i) => i.image),
  );
  throw notFound(
    `no image '${ref}' in the catalog` +
      (close.length ? `; did you mean ${close.join(' or ')}?` : ''),
  );
}

// A reference naming a registry is checked there, and its digest taken from the answer.
async function registryDigest(deps: ApiDeps, reference: string): Promise<string | null> {
  const registry = explicitRegistry(reference);
  if (registry === null) return null;
  const repository = repositoryOf(reference).slice(registry.length + 1);
  const digest = await deps.registry.digest(registry, repository, tagOf(reference));
  if (!digest) {
    throw badRequest(
      `body.reference: registry ${registry} has no ${repository}:${tagOf(reference)}`,
    );
  }
  return digest;
}

async function insertImage(deps: ApiDeps, image: NewCatalogImage): Promise<CatalogImage> {
  const id = await deps.images.insert(image, deps.clock());
  if (id === undefined) {
    throw conflict(
      `image ${image.name}:${image.version} is already in the catalog; change it with PATCH`,
    );
  }
  return requireImage(deps, String(id));
}

/** Registers an image; one whose reference names a registry gets its digest from there. */
export async function createImage(
  deps: ApiDeps,
  request: CreateImageRequest,
): Promise<CatalogImage> {
  const reference = request.reference ?? `${request.name}:${request.version}`;
  const digest = request.digest ?? (await registryDigest(deps, reference));
  return insertImage(deps, { ...request, reference, digest });
}

/** Registers a repository's tag from a registry, with the digest the registry reports. */
export async function importImage(
  deps: ApiDeps,
  request: ImportImageRequest,
): Promise<CatalogImage> {
  const { registry, repository, tag, name, ...fields } = request;
  const digest = await deps.registry.digest(registry, repository, tag);
  if (!digest) {
    const tags = await deps.registry.tags(registry, repository).catch(() => []);
    throw badRequest(
      `body.tag: registry ${registry} has no ${repository}:${tag}` +
        (tags.length ? `; its tags: ${tags.join(', ')}` : ''),
    );
  }
  return insertImage(deps, {
    ...fields,
    name: name ?? repository,
    version: tag,
    reference: `${registry}/${repository}:${tag}`,
    digest,
  });
}

/** Changes an image; a new reference is checked in its registry (and its digest taken). */
export async function updateImage(
  deps: ApiDeps,
  ref: string,
  request: UpdateImageRequest,
): Promise<CatalogImage> {
  const image = await requireImage(deps, ref);
  const digest =
    request.digest !== undefined || request.reference === undefined
      ? request.digest
      : await registryDigest(deps, request.reference);
  await deps.images.update(image.id, { ...request, digest }, deps.clock());
  return requireImage(deps, String(image.id));
}

/** Removes an image from the catalog; jobs already submitted keep theirs. */
export async function removeImage(deps: ApiDeps, ref: string): Promise<void> {
  const image = await requireImage(deps, ref);
  await deps.images.delete(image.id);
}

/** What a registry offers: every repository with its tags. */
export async function browseRegistry(deps: ApiDeps, registry: string): Promise<RegistryListing> {
  const names = await deps.registry.repositories(registry);
  const repositories = await Promise.all(
    names.map(async (name) => ({ name, tags: await deps.registry.tags(registry, name) })),
  );
  return { registry, repositories };
}

/** The catalog seed of the configuration, as entries to insert (digests are looked up later). */
export function configuredImages(deps: Pick<ApiDeps, 'config'>): NewCatalogImage[] {
  return deps.config.catalog.map((entry) => {
    const { name, version } = nameAndVersion(entry.name);
    return {
      name,
      version,
      description: entry.description,
      os: entry.os,
      tags: entry.tags,
      isDefault: entry.isDefault,
      reference: entry.reference ?? `${name}:${version}`,
      digest: null,
    };
  });
}

/**
 * The image a submission may run, as the daemon will fetch it: a catalog image (asked for by
 * name:version or by its reference) becomes its reference, pinned to the catalog's digest when
 * it comes from a registry; other images only where the site allows user images. Refusals name
 * the catalog's close matches.
 */
export async function resolveJobImage(deps: ApiDeps, requested: string): Promise<string> {
  const catalog = await deps.images.list();
  const tagged = withDefaultTag(requested);
  const entry = catalog.find((i) => i.image === tagged || i.reference === tagged);
  if (!entry) {
    const refusal = imageRefusal(requested, {
      catalog: catalog.map((i) => i.image),
      ...deps.config.images,
    });
    if (refusal) throw badRequest(`body.image: ${refusal}`);
    return tagged;
  }
  const pinned = entry.digest !== null && explicitRegistry(entry.reference) !== null;
  return pinned ? `${entry.reference}@${entry.digest}` : entry.reference;
}
