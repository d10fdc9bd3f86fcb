import { performance } from 'node:perf_hooks';
import {
  defaultSchedulingSettings,
  orderingPolicies,
  type Account,
  type OrderingPolicy,
  type OrderingSnapshot,
  type PendingJob,
  type RunningJob,
} from '../core/ordering';

// npm run bench:ordering (or node dist/bench/ordering.js) — the time of one ordering pass over
// 10k, 50k and 200k pending jobs from 2,000 users in 200 groups, for every built-in policy.
// Prints figures; asserts nothing. Target: ≤ 100 ms at 50k, near-linear growth.

const users = 2000;
const groups = 200;
const projects = 40;
const queues = ['default', 'short', 'long'];
const nowMs = Date.UTC(2025, 0, 15);
const hour = 3600;

// A seeded generator, so every run measures the same snapshots.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function account(name: string, random: () => number, limited: boolean): Account {
  const usage = random() * 1e6;
  return {
    name,
    shares: 1 + Math.floor(random() * 4),
    priority: random() < 0.1 ? Math.round(random() * 200) : 0,
    limits: limited ? { maxCpus: 16, maxRunningJobs: 12, cpuHoursPerWindow: 400 } : {},
    usage: {
      decayedCpuSeconds: usage,
      decayedMemoryMiBSeconds: usage * 2048,
      windowCpuSeconds: usage * 0.5,
      windowMemoryMiBSeconds: usage * 1024,
    },
  };
}

function charged(random: () => number) {
  const user = Math.floor(random() * users);
  return {
    owner: `u${user}`,
    group: `g${user % groups}`,
    project: `p${user % projects}`,
    queue: pick(random, queues),
    cpus: pick(random, [0.5, 1, 1, 2, 4, 8]),
    memoryMiB: pick(random, [512, 1024, 2048, 4096, 16384]),
    walltimeSeconds: pick(random, [hour, 4 * hour, 24 * hour, 7 * 24 * hour]),
  };
}

function pendingJobs(count: number, random: () => number): PendingJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: 1_000_000 + i,
    ...charged(random),
    priority: random() < 0.01 ? 100 : 0,
    submittedAtMs: nowMs - Math.floor(random() * 3 * 24 * hour * 1000),
  }));
}

function runningJobs(count: number, random: () => number): RunningJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    ...charged(random),
    startedAtMs: nowMs - Math.floor(random() * 20 * hour * 1000),
  }));
}

function snapshot(pendingCount: number): OrderingSnapshot {
  const random = mulberry32(pendingCount);
  const running = runningJobs(1500, random);
  const heldCpus = running.reduce((sum, job) => sum + job.cpus, 0);
  const heldMemoryMiB = running.reduce((sum, job) => sum + job.memoryMiB, 0);
  const names = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  return {
    nowMs,
    pending: pendingJobs(pendingCount, random),
    running,
    resources: {
      totalCpus: Math.ceil(heldCpus) + 200,
      totalMemoryMiB: heldMemoryMiB + 400 * 1024,
      heldCpus,
      heldMemoryMiB,
    },
    accounts: {
      user: names('u', users).map((n) => account(n, random, random() < 0.1)),
      group: names('g', groups).map((n) => account(n, random, random() < 0.05)),
      project: names('p', projects).map((n) => account(n, random, false)),
      queue: queues.map((n, i) => ({ ...account(n, random, false), priority: i * 100 })),
    },
    settings: defaultSchedulingSettings,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function timePlan(policy: OrderingPolicy, input: OrderingSnapshot, runs: number) {
  let admitted = 0;
  for (let i = 0; i < 3; i += 1) admitted = policy.plan(input).admit.length;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    policy.plan(input);
    times.push(performance.now() - start);
  }
  return { ms: median(times), admitted };
}

function main(): void {
  const sizes = [10_000, 50_000, 200_000];
  const snapshots = sizes.map(snapshot);
  console.log(
    `one ordering pass, median of runs; ${users} users in ${groups} groups, 1500 running`,
  );
  console.log('policy     pending   median ms   ms per 1k   admitted');
  for (const policy of Object.values(orderingPolicies)) {
    const results = snapshots.map((s, i) => ({
      size: sizes[i] as number,
      ...timePlan(policy, s, (sizes[i] as number) > 100_000 ? 7 : 15),
    }));
    for (const r of results) {
      const line = [
        policy.name.padEnd(10),
        String(r.size).padStart(7),
        r.ms.toFixed(1).padStart(11),
        ((r.ms / r.size) * 1000).toFixed(2).padStart(11),
        String(r.admitted).padStart(10),
      ];
      console.log(line.join(' '));
    }
    const first = results[0];
    const last = results[results.length - 1];
    if (first && last) {
      const growth = last.ms / first.ms;
      console.log(
        `${policy.name}: ${(last.size / first.size).toFixed(0)}× the jobs took ${growth.toFixed(1)}× the time`,
      );
    }
  }
}

main();
