import { badRequest } from '../../core/errors';
import { defaultJobName, type SubmitJobRequest } from '../../core/job';
import { formatMemoryMiB } from '../../core/memory';
import type { JobRecord } from '../../adapters/mysql/jobs';
import type { ApiDeps, Caller } from '../context';
import { chargeJob } from './job-accounts';

function requireCatalogImage(deps: ApiDeps, image: string): void {
  const names = deps.config.catalog.map((i) => i.name);
  const withTag = image.includes(':') ? image : `${image}:latest`;
  if (!names.includes(withTag)) {
    throw badRequest(`body.image: unknown image '${image}'; the catalog has: ${names.join(', ')}`);
  }
}

async function requireFitsANode(deps: ApiDeps, cpus: number, memoryMiB: number): Promise<void> {
  const nodes = await deps.nodes.list();
  // Before any worker has reported its nodes there is nothing to check against; admission checks again.
  if (nodes.length === 0 || nodes.some((n) => cpus <= n.cpus && memoryMiB <= n.memoryMiB)) return;
  const largest = nodes.reduce((a, b) => (b.cpus * b.memoryMiB > a.cpus * a.memoryMiB ? b : a));
  throw badRequest(
    `the job asks for ${cpus} cpus and ${formatMemoryMiB(memoryMiB)} but no execution node has that much ` +
      `(largest: ${largest.cpus} cpus, ${formatMemoryMiB(largest.memoryMiB)}); lower cpus or memoryMiB`,
  );
}

/**
 * Validates a submission against the site's rules and the accounts it charges, records the job
 * and starts its workflow.
 * The record comes first: if the workflow start fails, the ordering pass starts it later, so an
 * accepted job is never lost.
 */
export async function submitJob(
  deps: ApiDeps,
  caller: Caller,
  request: SubmitJobRequest,
): Promise<JobRecord> {
  const limits = deps.config.jobs;
  const image = request.image.includes(':') ? request.image : `${request.image}:latest`;
  requireCatalogImage(deps, image);
  const cpus = request.cpus ?? limits.defaultCpus;
  const memoryMiB = request.memoryMiB ?? limits.defaultMemoryMiB;
  if (
    request.maxLifetimeSeconds !== undefined &&
    request.maxLifetimeSeconds > limits.maxLifetimeSeconds
  ) {
    throw badRequest(
      `body.maxLifetimeSeconds: ${request.maxLifetimeSeconds} is over the site maximum of ${limits.maxLifetimeSeconds}`,
    );
  }
  await requireFitsANode(deps, cpus, memoryMiB);
  const { maxLifetimeSeconds, ...charge } = await chargeJob(deps, caller, request);
  const now = deps.clock();
  // Refused here (429, nothing recorded) when an account's max-pending quota is full.
  const id = await deps.jobs.insert(
    {
      ownerId: caller.id,
      owner: caller.username,
      ...charge,
      name: request.name ?? defaultJobName(request.command),
      image,
      command: request.command,
      cpus,
      memoryMiB,
      maxLifetimeSeconds,
      uid: caller.uid,
      gid: caller.gid,
      groups: caller.groups,
      home: caller.home,
      priority: 0,
      submittedAt: now.toISOString(),
    },
    now,
  );
  try {
    await deps.workflows.startJob(id, caller.username);
  } catch (error) {
    deps.log({
      level: 'warn',
      msg: 'job recorded, workflow start deferred to the ordering pass',
      jobId: id,
      error: String(error),
    });
  }
  const job = await deps.jobs.get(id);
  if (!job) throw new Error(`job ${id} vanished right after insert`);
  return job;
}
