import type { Account } from './snapshot';

/** An account nobody configured: one share, priority 0, no limits, no usage. */
export function defaultAccount(name: string): Account {
  return {
    name,
    shares: 1,
    priority: 0,
    limits: {},
    usage: {
      decayedCpuSeconds: 0,
      decayedMemoryMiBSeconds: 0,
      windowCpuSeconds: 0,
      windowMemoryMiBSeconds: 0,
    },
  };
}
