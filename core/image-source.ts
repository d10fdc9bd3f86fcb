import { explicitRegistry, repositoryOf } from './catalog';

/** Where a job's image stands on the execution node, as admission sees it. */
export type ImageReadiness =
  /** On the node: `digest` is pinned on the job, `runAs` is what the container is created from. */
  | { state: 'present'; digest: string }
  /** Being pulled; `progress` reads like `Pulling 127.0.0.1:5000/godocker/debian@sha256:…: 42%`. */
  | { state: 'pulling'; progress: string }
  /** Cannot be fetched now (registry down); trying again later may work. */
  | { state: 'unavailable'; reason: string }
  /** Will never be there (no such tag, no registry to pull from): the job fails. */
  | { state: 'missing'; reason: string };

/**
 * Makes job images available on the execution node (pulls from the image's registry), without
 * blocking: each call reports where the image stands, so admission can hold the job and retry.
 */
export interface ImageSource {
  /** Where `reference` stands; starts a pull when it is absent and can be pulled. */
  prepare(reference: string): Promise<ImageReadiness>;
}

/** The digest a reference pins explicitly (`name:tag@sha256:…`), if any. */
export function pinnedDigest(reference: string): string | undefined {
  return /@(sha256:[a-f0-9]{64})$/.exec(reference)?.[1];
}

/**
 * What a job's container is created from once its digest is known: `repository@digest` for an
 * image from a registry, the image id itself for one built on the node (it has no repo digest).
 */
export function pinnedReference(image: string, digest: string | null): string {
  if (digest === null) return image;
  return explicitRegistry(image) === null ? digest : `${repositoryOf(image)}@${digest}`;
}
