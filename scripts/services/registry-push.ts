import type Docker from 'dockerode';
import type { LogLine } from './service-handle';

/** Options of {@link pushToRegistry}. */
export interface PushOptions {
  docker: Docker;
  /** host:port of the registry, e.g. 127.0.0.1:5001. */
  registry: string;
  log: LogLine;
}

async function remoteDigest(registry: string, repository: string, tag: string) {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
}

/**
 * Pushes a local image (`godocker/debian:12`) into a loopback registry as
 * `<registry>/godocker/debian:12`; skipped when the registry already holds what the image is.
 */
export async function pushToRegistry(image: string, opts: PushOptions): Promise<string> {
  const [repository = image, tag = 'latest'] = image.split(':');
  const target = `${opts.registry}/${repository}`;
  const local = (await opts.docker.getImage(image).inspect()) as { RepoDigests?: string[] };
  const remote = await remoteDigest(opts.registry, repository, tag);
  if (remote && local.RepoDigests?.includes(`${target}@${remote}`)) {
    opts.log(`registry: ${target}:${tag} is up to date`);
    return remote;
  }
  await opts.docker.getImage(image).tag({ repo: target, tag });
  opts.log(`registry: pushing ${target}:${tag}`);
  // The daemon insists on an X-Registry-Auth header even for an anonymous registry.
  const anonymous = { username: '', password: '', serveraddress: opts.registry };
  const stream = await opts.docker.getImage(`${target}:${tag}`).push({ authconfig: anonymous });
  const events = await new Promise<{ error?: string }[]>((resolve, reject) =>
    opts.docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) =>
      error ? reject(error) : resolve(output),
    ),
  );
  const failure = events.find((e) => e.error !== undefined);
  if (failure) throw new Error(`docker push ${target}:${tag} failed: ${failure.error ?? ''}`);
  const pushed = await remoteDigest(opts.registry, repository, tag);
  if (!pushed)
    throw new Error(`registry ${opts.registry} has no ${repository}:${tag} after the push`);
  return pushed;
}
