// How the worker process is started: scripts/start.ts and the test stacks use these, and a site
// running the worker as a service should too (docs/configuration.md). Figures from the memory
// phase of bench/latency.ts: resident memory 5 s after submitting 1,000 jobs that stay pending,
// after a 100-job drain; CPU seconds of that drain and of the 1,000 submissions.

/**
 * Node flags of the worker process.
 * - `--max-semi-space-size=4`: a small young generation keeps the resident memory of a worker
 *   holding many sleeping workflows low (about 100 MiB less with 1,000 pending jobs) at the cost
 *   of more frequent, cheap minor collections.
 * - `--heap-growing-percent=30`: the old generation may grow 30 % past what the last full
 *   collection kept before the next one, instead of up to 4×. A burst of submissions otherwise
 *   leaves about 100 MiB of dead objects there until V8 gets round to them: worker 300–353 MiB
 *   → 232–235 MiB, for CPU within run-to-run noise (drain 10.0–10.7 s against 10.6–10.8 s;
 *   submissions 23.4–24.4 s against 23.0–23.3 s). `--optimize-for-size` saved as much but cost
 *   20–30 % more CPU (it shrinks the young generation to 1 MiB).
 */
export const workerNodeFlags: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=30',
];

/**
 * Environment of the worker process. MALLOC_ARENA_MAX=2: glibc gives threads malloc arenas of
 * their own (up to 8 per core) and the Temporal core's Rust threads kept freed memory in theirs;
 * with two arenas the worker took 202–204 MiB instead of 232–235 MiB (drain 11.0–11.2 CPU s,
 * within the noise of the runs above).
 */
export const workerEnvironment: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
