import { z } from 'zod';

/**
 * A user, group, project or queue name: lowercase so names read alike in tables, URLs and
 * quotas, and short enough for the 32-character columns.
 */
export const accountNameSchema = z
  .string()
  .regex(
    /^[a-z_][a-z0-9_.-]{0,31}$/,
    'use 1-32 lowercase letters, digits, _ . - (a letter or _ first)',
  );

/** The group of users who belong to no other group; jobs of such users are charged to it. */
export const fallbackGroup = 'users';

/** The project charged when a submission names none; every user may charge it. */
export const defaultProject = 'default';

/** The queue of jobs that name none; open to every group unless an admin restricts it. */
export const defaultQueue = 'default';

/** What a job is charged to and a quota applies to. */
export const accountKinds = ['user', 'group', 'project', 'queue'] as const;

/** One kind of account. */
export type AccountKind = (typeof accountKinds)[number];

/** The accounts one job is charged to, by kind. */
export type ChargedAccounts = Record<AccountKind, string>;

/** Fair-share weight of a group or project: its slice of the machine relative to the others. */
export const sharesSchema = z
  .int()
  .min(1, 'must be 1 or more')
  .max(1_000_000)
  .describe('Fair-share weight relative to its peers; default 1');

/** Scheduling priority of a group, project or queue; higher goes first. */
export const prioritySchema = z
  .int()
  .min(-1000)
  .max(1000)
  .describe('Higher is ordered first; default 0');

/** A free-text description shown in listings. */
export const descriptionSchema = z.string().max(255).describe('Shown in listings');

/** Response of the DELETE routes of groups, projects, queues and quotas. */
export const deletedSchema = z.object({ deleted: z.literal(true) });
