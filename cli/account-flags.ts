import { Args, Flags } from '@oclif/core';
import { accountKinds, type AccountKind } from '../core/accounts';
import { parseDurationSeconds } from '../core/duration';
import { parseMemoryMiB } from '../core/memory';
import { usage } from './job-flags';

/** The NAME argument of the group, project and queue commands. */
export function nameArg(description: string) {
  return Args.string({ required: true, description });
}

/** The USER argument of the member commands. */
export const usernameArg = Args.string({ required: true, description: 'Username' });

function readKind(text: string): AccountKind {
  const kind = accountKinds.find((k) => k === text);
  if (!kind) throw new Error(`'${text}' is not a kind of account: use ${accountKinds.join(', ')}`);
  return kind;
}

/** The KIND argument of the quota commands: user, group, project or queue. */
export const kindArg = Args.custom<AccountKind>({
  required: true,
  description: `Account kind: ${accountKinds.join(', ')}`,
  parse: usage(readKind),
});

/** `--shares 2`: fair-share weight. */
export const sharesFlag = Flags.integer({
  min: 1,
  max: 1_000_000,
  summary: 'Fair-share weight relative to its peers (default 1)',
});

/** `--priority 10` (or `--priority=-5`): ordering priority, -1000..1000. */
export const priorityFlag = Flags.integer({
  min: -1000,
  max: 1000,
  summary: 'Higher is ordered first, -1000..1000 (default 0); write --priority=-5 for negatives',
});

/** `--description TEXT`. */
export const descriptionFlag = Flags.string({ char: 'd', summary: 'Shown in listings' });

/** Reads `none` as null (unlimited / cleared), anything else with `read`. */
export function orNone<T>(read: (text: string) => T): (text: string) => T | null {
  return (text) => (text.trim().toLowerCase() === 'none' ? null : read(text));
}

function readCount(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new Error(`cannot read '${text}': write a whole number (0 or more) or none`);
  }
  return value;
}

function readAmount(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(`cannot read '${text}': write a number (0 or more) or none`);
  }
  return value;
}

function readWholeHours(text: string): number {
  const seconds = parseDurationSeconds(text);
  if (seconds % 3600 !== 0) throw new Error(`window '${text}' must be whole hours, e.g. 36h or 7d`);
  return seconds / 3600;
}

/** A count of jobs, or none. */
export const countFlag = Flags.custom<number | null>({
  parse: usage(orNone(readCount)),
  helpValue: 'N|none',
});

/** A number such as cpus or hours, fractions allowed, or none. */
export const amountFlag = Flags.custom<number | null>({
  parse: usage(orNone(readAmount)),
  helpValue: 'N|none',
});

/** A memory size such as 64G, or none. */
export const memoryLimitFlag = Flags.custom<number | null>({
  parse: usage(orNone(parseMemoryMiB)),
  helpValue: 'SIZE|none',
});

/** A window length in whole hours, written like 7d or 36h, or none. */
export const windowFlag = Flags.custom<number | null>({
  parse: usage(orNone(readWholeHours)),
  helpValue: '7d|none',
});

/** A walltime such as 2h or 3d, or none (the site maximum). */
export const walltimeFlag = Flags.custom<number | null>({
  parse: usage(orNone(parseDurationSeconds)),
  helpValue: '2h|none',
});
