/**
 * Node flags of the API process (scripts/start.ts and the test stacks use them; a site running
 * the API as a service should too, see docs/configuration.md). As for the worker (reasons in
 * worker/node-flags.ts): an 8 MiB young generation instead of 32 MiB, and an old generation that
 * grows 30 % past what the last full collection kept rather than up to 4×. In bench/latency.ts
 * the API's resident memory 5 s after 1,000 submissions fell from 137–196 MiB (depending on
 * when V8 last collected) to 114–116 MiB, for the same CPU (9.4–9.7 s for the 1,000
 * submissions, against 9.0–10.8 s).
 */
export const apiNodeFlags: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=30',
];
