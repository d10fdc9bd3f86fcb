import Docker from 'dockerode';
import { explicitRegistry, repositoryOf, tagOf } from '../../core/catalog';
import { DomainError } from '../../core/errors';
import { pinnedDigest, type ImageReadiness, type ImageSource } from '../../core/image-source';
import type { Logger } from '../log';
import { RegistryUnavailable, type RegistryClient } from '../registry/client';
import { pullProgress, type PullEvent } from './pull-progress';

/** A pull this process started: its progress, and how it ended once it has. */
interface PullTask {
  percent: number;
  failure?: string;
  done: boolean;
}

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

/**
 * Pulls job images into one Docker Engine from the registry their reference names. Pulls run in
 * the background, one per image however many jobs wait for it; `prepare` only reports.
 * Images without a registry (built on the node, like godocker/busybox) are never pulled.
 */
export class DockerImageSource implements ImageSource {
  private readonly docker: Docker;
  private readonly pulls = new Map<string, PullTask>();

  constructor(
    socketPath: string,
    private readonly registries: RegistryClient,
    private readonly log: Logger,
  ) {
    this.docker = new Docker({ socketPath });
  }

  async prepare(reference: string): Promise<ImageReadiness> {
    const registry = explicitRegistry(reference);
    if (registry === null) return this.localOnly(reference);
    const repository = repositoryOf(reference);
    const pinned = pinnedDigest(reference);
    if (pinned && (await this.inspect(`${repository}@${pinned}`)) !== undefined) {
      this.pulls.delete(`${repository}@${pinned}`);
      return { state: 'present', digest: pinned };
    }
    // Asked before any pull: resolves a tag to its digest, and tells "down" from "no such image".
    const path = repository.slice(registry.length + 1);
    const wanted = pinned ?? tagOf(reference);
    let digest: string | undefined;
    try {
      digest = await this.registries.digest(registry, path, wanted);
    } catch (error) {
      if (!(error instanceof RegistryUnavailable)) throw error;
      // A registry that is down does not stop an image already pulled under that tag.
      const local = pinned ? undefined : await this.repoDigest(reference, repository);
      if (local) return { state: 'present', digest: local };
      return { state: 'unavailable', reason: `ImageUnavailable: ${error.message}; retrying` };
    }
    if (!digest) {
      return {
        state: 'missing',
        reason: `ImageMissing: registry ${registry} has no ${path}${pinned ? '@' : ':'}${wanted}`,
      };
    }
    const target = `${repository}@${digest}`;
    if ((await this.inspect(target)) !== undefined) {
      this.pulls.delete(target);
      return { state: 'present', digest };
    }
    return this.pulling(target, registry);
  }

  private async localOnly(reference: string): Promise<ImageReadiness> {
    const image = await this.inspect(reference);
    if (image) return { state: 'present', digest: image.Id };
    return {
      state: 'missing',
      reason: `ImageMissing: ${reference} is not on the execution node and names no registry to pull it from`,
    };
  }

  private pulling(pinned: string, registry: string): ImageReadiness {
    const task = this.pulls.get(pinned);
    if (task?.failure !== undefined) {
      this.pulls.delete(pinned);
      return {
        state: 'unavailable',
        reason: `ImageUnavailable: pulling ${pinned} from ${registry} failed (${task.failure}); retrying`,
      };
    }
    // Done without failure yet not on the node (removed meanwhile): pull again.
    if (!task || task.done) this.startPull(pinned);
    const percent = this.pulls.get(pinned)?.percent ?? 0;
    return { state: 'pulling', progress: `Pulling ${pinned}: ${percent}%` };
  }

  private startPull(pinned: string): void {
    const task: PullTask = { percent: 0, done: false };
    this.pulls.set(pinned, task);
    this.log({ msg: 'image pull started', image: pinned });
    const finish = (failure?: string) => {
      task.done = true;
      if (failure !== undefined) task.failure = failure;
      this.log({
        msg: failure ? 'image pull failed' : 'image pull done',
        image: pinned,
        ...(failure ? { error: failure } : {}),
      });
    };
    const progress = pullProgress();
    this.docker.pull(pinned).then(
      (stream: NodeJS.ReadableStream) =>
        this.docker.modem.followProgress(
          stream,
          (error: Error | null, events: PullEvent[]) =>
            finish(error?.message ?? events.find((e) => e.error !== undefined)?.error),
          (event: PullEvent) => {
            const percent = progress(event);
            if (percent >= task.percent + 10 || (percent === 100 && task.percent < 100)) {
              this.log({ msg: 'image pull progress', image: pinned, percent });
            }
            task.percent = Math.max(task.percent, percent);
          },
        ),
      (error: unknown) => finish(error instanceof Error ? error.message : String(error)),
    );
  }

  private async repoDigest(reference: string, repository: string): Promise<string | undefined> {
    const image = await this.inspect(reference);
    const entry = image?.RepoDigests?.find((d) => d.startsWith(`${repository}@`));
    return entry?.slice(repository.length + 1);
  }

  private async inspect(reference: string): Promise<Docker.ImageInspectInfo | undefined> {
    try {
      return await this.docker.getImage(reference).inspect();
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw new DomainError(
        'unavailable',
        `docker image inspect ${reference}: ${String(error)}`,
        true,
      );
    }
  }
}
