import { Flags } from '@oclif/core';
import { parseMemoryMiB } from '../core/memory';
import { parseDurationSeconds } from '../core/duration';
import { CliFailure } from './failure';

/** Wraps a flag reader so its errors are usage errors (exit 2), like oclif's own. */
export function usage<T>(read: (text: string) => T): (text: string) => Promise<T> {
  return async (text) => {
    try {
      return read(text);
    } catch (error) {
      throw new CliFailure(error instanceof Error ? error.message : String(error), 'bad_flag', 2);
    }
  };
}

function readCpus(text: string): number {
  const cpus = Number(text);
  if (text.trim() === '' || !Number.isFinite(cpus) || cpus <= 0) {
    throw new Error(`cannot read cpus '${text}': write a positive number, e.g. 2 or 0.5`);
  }
  return cpus;
}

/** `--memory 512M`: a size in binary units, sent as MiB. */
export const memoryFlag = Flags.custom<number>({ parse: usage(parseMemoryMiB), helpValue: '512M' });

/** `--cpus 0.5`: CPUs to reserve, fractions allowed. */
export const cpusFlag = Flags.custom<number>({ parse: usage(readCpus), helpValue: '1' });

/** `--max-lifetime 2h`: seconds, or with a unit. */
export const durationFlag = Flags.custom<number>({
  parse: usage(parseDurationSeconds),
  helpValue: '2h',
});
