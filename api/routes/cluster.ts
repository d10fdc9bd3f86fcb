import { clusterSchema, type ClusterView } from '../../core/cluster';
import type { ApiDeps } from '../context';
import { route } from '../route';

const round = (value: number) => Math.round(value * 100) / 100;

/** The cluster view: capacity, what jobs hold and use, load by group and queue, ordering timings. */
export async function clusterView(deps: ApiDeps): Promise<ClusterView> {
  const [nodes, loads, groups, queues, passes] = await Promise.all([
    deps.nodes.list(),
    deps.cluster.nodeLoads(),
    deps.cluster.loadBy('group_name'),
    deps.cluster.loadBy('queue'),
    deps.orderingPasses.stats(),
  ]);
  const nodeViews = nodes.map((n) => {
    const load = loads.find((l) => l.node === n.node);
    return {
      node: n.node,
      cpus: n.cpus,
      memoryMiB: n.memoryMiB,
      allocatedCpus: round(load?.allocatedCpus ?? 0),
      allocatedMemoryMiB: load?.allocatedMemoryMiB ?? 0,
      usedCpus: load?.usedCpus ?? 0,
      usedMemoryMiB: load?.usedMemoryMiB ?? 0,
      runningJobs: load?.runningJobs ?? 0,
      reportedAt: n.reportedAt.toISOString(),
    };
  });
  const sum = (pick: (n: (typeof nodeViews)[number]) => number) =>
    round(nodeViews.reduce((total, n) => total + pick(n), 0));
  return {
    nodes: nodeViews,
    totals: {
      cpus: sum((n) => n.cpus),
      memoryMiB: sum((n) => n.memoryMiB),
      allocatedCpus: sum((n) => n.allocatedCpus),
      allocatedMemoryMiB: sum((n) => n.allocatedMemoryMiB),
      usedCpus: sum((n) => n.usedCpus),
      usedMemoryMiB: sum((n) => n.usedMemoryMiB),
      running: groups.reduce((total, g) => total + g.running, 0),
      pending: groups.reduce((total, g) => total + g.pending, 0),
    },
    groups,
    queues,
    ordering: {
      policy: deps.config.ordering.policy,
      passes: passes.count,
      lastAt: passes.last?.finishedAt.toISOString() ?? null,
      lastMs: passes.last?.durationMs ?? null,
      p50Ms: passes.p50Ms,
      p95Ms: passes.p95Ms,
      maxMs: passes.maxMs,
    },
  };
}

/** `GET /cluster`: aggregates only (no job or user details), so every user may see the load. */
export function clusterRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/cluster',
      summary:
        'Nodes with capacity, allocated and used cpu/memory; running and pending jobs by group and queue; ordering-pass timings',
      access: 'user',
      response: clusterSchema,
      async handle() {
        return clusterView(deps);
      },
    }),
  ];
}
