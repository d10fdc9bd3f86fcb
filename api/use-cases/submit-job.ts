import { badRequest, forbidden } from '../../core/errors';
import { defaultJobName, type SubmitJobRequest } from '../../core/job';
import { formatMemoryMiB } from '../../core/memory';
import type { JobRecord } from '../../adapters/mysql/jobs';
import { recordAudit } from '../audit';
import type { ApiDeps, Caller } from '../context';
import { resolveJobImage } from './images';
import { chargeJob } from './job-accounts';
import { resolveJobMounts } from './job-mounts';

function requireRootGrant(caller: Caller, root: boolean | undefined): void {
  if (root && !caller.rootAllowed) {
    throw forbidden(
      'body.root: running as root needs an admin to grant it to you (rootAllowed); leave root out to run as yourself',
    );
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
  // The catalog (MariaDB) decides: the job records the reference the daemon fetches.
  const image = await resolveJobImage(deps, request.image);
  requireRootGrant(caller, request.root);
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
  const { maxLifetimeSeconds, accountGroups, ...charge } = await chargeJob(deps, caller, request);
  const root = request.root === true;
  const mounts = await resolveJobMounts(deps, caller, {
    volumes: request.volumes ?? [],
    root,
    group: charge.group,
    project: charge.project,
    accountGroups,
  });
  const now = deps.clock();
  // Refused here (429, nothing recorded) when an account's max-pending quota is full.
  const id = await deps.jobs.insert(
    {
      ownerId: caller.id,
      owner: caller.username,
      ...charge,
      name: request.name ?? defaultJobName(request.command ?? 'shell'),
      image,
      command: request.command ?? '',
      interactive: request.interactive === true,
      cpus,
      memoryMiB,
      maxLifetimeSeconds,
      uid: caller.uid,
      gid: caller.gid,
      groups: caller.groups,
      home: caller.home,
      root,
      mounts,
      priority: 0,
      submittedAt: now.toISOString(),
    },
    now,
  );
  if (root) {
    await recordAudit(deps, {
      actor: caller.username,
      address: null,
      action: 'job.root',
      target: `job/${id}`,
      outcome: 'ok',
      detail: { image, mounts: mounts.map((m) => `${m.hostPath}:${m.containerPath}:ro`) },
    });
  }
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
