import { DomainError } from '../../core/errors';

/** Manifest media types the client accepts: Docker v2 and OCI, single images and lists. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];

/** The registry is down or unreachable: trying again later may succeed (503 in the API). */
export class RegistryUnavailable extends DomainError {
  constructor(
    readonly registry: string,
    detail: string,
  ) {
    super('unavailable', `registry ${registry} unreachable (${detail})`, true);
  }
}

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Per request; a registry slower than this counts as unreachable. */
  timeoutMs?: number;
}

// Loopback registries speak plain HTTP, as Docker allows for 127.0.0.0/8 by default.
function baseUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, '');
  const plain = host === 'localhost' || /^127\./.test(host) || host === '[::1]';
  return `${plain ? 'http' : 'https'}://${registry}/v2`;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Reads a registry through the Registry HTTP API v2 (the CNCF distribution spec): repositories,
 * tags and manifest digests. Anonymous access only; registries that need a token answer 401,
 * reported as such.
 */
export class RegistryClient {
  private readonly timeoutMs: number;

  constructor(opts: RegistryClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  /** Repository names (`GET /v2/_catalog`), following the `Link` pages. */
  async repositories(registry: string): Promise<string[]> {
    const names: string[] = [];
    let path: string | undefined = '/_catalog?n=1000';
    while (path) {
      const response = await this.request(registry, 'GET', path);
      const body = (await response.json()) as { repositories?: string[] };
      names.push(...(body.repositories ?? []));
      path = /<\/v2([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return names;
  }

  /** Tags of a repository (`GET /v2/<name>/tags/list`); empty when it has none. */
  async tags(registry: string, repository: string): Promise<string[]> {
    const response = await this.request(registry, 'GET', `/${repository}/tags/list`);
    const body = (await response.json()) as { tags?: string[] | null };
    return body.tags ?? [];
  }

  /**
   * The digest of a tag's manifest (`HEAD /v2/<name>/manifests/<tag>`, `Docker-Content-Digest`),
   * or undefined when the repository or tag does not exist.
   */
  async digest(registry: string, repository: string, tag: string): Promise<string | undefined> {
    const response = await this.request(registry, 'HEAD', `/${repository}/manifests/${tag}`, true);
    if (response.status === 404) return undefined;
    const digest = response.headers.get('docker-content-digest');
    if (!digest) {
      throw new DomainError(
        'unavailable',
        `registry ${registry} sent no Docker-Content-Digest for ${repository}:${tag}`,
      );
    }
    return digest;
  }

  private async request(
    registry: string,
    method: 'GET' | 'HEAD',
    path: string,
    allowNotFound = false,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl(registry)}${path}`, {
        method,
        headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new RegistryUnavailable(registry, causeOf(error));
    }
    if (response.ok || (allowNotFound && response.status === 404)) return response;
    if (response.status === 404) {
      throw new DomainError('not_found', `registry ${registry} has no ${path.replace(/^\//, '')}`);
    }
    if (response.status >= 500) {
      throw new RegistryUnavailable(registry, `HTTP ${response.status}`);
    }
    throw new DomainError(
      'unavailable',
      `registry ${registry} answered ${response.status} to ${method} /v2${path}` +
        (response.status === 401
          ? ' (it needs credentials; only anonymous registries are supported)'
          : ''),
    );
  }
}
