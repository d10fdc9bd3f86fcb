import { z } from 'zod';
import { accountKinds, accountNameSchema, type AccountKind } from './accounts';
import { DomainError } from './errors';

const limit = <T extends z.ZodNumber>(schema: T, what: string) =>
  schema.min(0, 'must be 0 or more (null: unlimited)').nullable().optional().describe(what);

/** The limits of one account; every one is optional, null is unlimited. */
export const quotaLimitsSchema = z.strictObject({
  maxCpus: limit(z.number().max(1_000_000), 'CPUs its running jobs may hold together'),
  maxMemoryMiB: limit(z.int().max(2 ** 50), 'Memory its running jobs may hold together'),
  maxRunningJobs: limit(z.int().max(1_000_000_000), 'Jobs running at once'),
  maxPendingJobs: limit(
    z.int().max(1_000_000_000),
    'Jobs submitted and not yet started; more are refused at submit (429)',
  ),
  cpuHoursPerWindow: limit(z.number().max(1e10), 'CPU-hours its jobs may use per window'),
  memoryGbHoursPerWindow: limit(z.number().max(1e10), 'Memory GB-hours per window'),
  windowHours: z
    .int()
    .min(1, 'must be 1 hour or more')
    .max(24 * 366)
    .nullable()
    .optional()
    .describe('Length of the rolling window the hour budgets cover'),
});

/** Limit fields, by name. */
export type QuotaLimits = z.infer<typeof quotaLimitsSchema>;

/** Every limit of a quota, each a number or null (unlimited). */
export type QuotaValues = { [K in keyof QuotaLimits]-?: number | null };

const unlimited: QuotaValues = {
  maxCpus: null,
  maxMemoryMiB: null,
  maxRunningJobs: null,
  maxPendingJobs: null,
  cpuHoursPerWindow: null,
  memoryGbHoursPerWindow: null,
  windowHours: null,
};

/** A quota change applied to the current limits: given fields replace, absent ones stay. */
export function mergeQuota(current: QuotaValues | undefined, change: QuotaLimits): QuotaValues {
  const merged = { ...unlimited };
  for (const key of Object.keys(unlimited) as Array<keyof QuotaValues>) {
    merged[key] = change[key] !== undefined ? change[key] : (current?.[key] ?? null);
  }
  return merged;
}

/** Why a merged quota makes no sense, naming the field; undefined when it is fine. */
export function quotaProblem(quota: QuotaValues): string | undefined {
  const budget = quota.cpuHoursPerWindow !== null || quota.memoryGbHoursPerWindow !== null;
  if (budget && quota.windowHours === null) {
    return 'body.windowHours: an hour budget needs the window it covers, e.g. 168 for 7 days';
  }
  return undefined;
}

/** The body of `PUT /api/v1/quotas/:kind/:name`: given fields are set, null clears one, absent ones stay. */
export const setQuotaRequestSchema = quotaLimitsSchema.refine(
  (body) => Object.keys(body).length > 0,
  'give at least one limit (null clears one; DELETE clears them all)',
);

/** A validated quota change. */
export type SetQuotaRequest = z.infer<typeof setQuotaRequestSchema>;

/** The quota of one account as the API shows it: every limit, null when unlimited. */
export const quotaSchema = z.object({
  kind: z.enum(accountKinds),
  name: z.string(),
  maxCpus: z.number().nullable(),
  maxMemoryMiB: z.int().nullable(),
  maxRunningJobs: z.int().nullable(),
  maxPendingJobs: z.int().nullable(),
  cpuHoursPerWindow: z.number().nullable(),
  memoryGbHoursPerWindow: z.number().nullable(),
  windowHours: z.int().nullable(),
  updatedAt: z.iso.datetime(),
});

/** A quota as the API shows it. */
export type QuotaView = z.infer<typeof quotaSchema>;

/** Filters of `GET /api/v1/quotas`. */
export const listQuotasQuerySchema = z.strictObject({
  kind: z.enum(accountKinds).optional(),
  name: accountNameSchema.optional(),
});

/** Filters of `GET /api/v1/quotas`. */
export type ListQuotasQuery = z.infer<typeof listQuotasQuerySchema>;

/** Response of `GET /api/v1/quotas`. */
export const quotaListSchema = z.object({ quotas: z.array(quotaSchema) });

/** The path parameter `:kind` of the quota routes. */
export const quotaKindSchema = z.enum(accountKinds);

/** A max-pending limit that a new job would exceed; `count` jobs already wait. */
export interface PendingLimitReached {
  kind: AccountKind;
  name: string;
  count: number;
  max: number;
}

/** The refusal of a submission over a max-pending quota: says which limit and how full it is. */
export function pendingQuotaExceeded(reached: PendingLimitReached): DomainError {
  return new DomainError(
    'quota_exceeded',
    `QuotaExceeded: ${reached.kind} ${reached.name} has ${reached.count}/${reached.max} pending jobs ` +
      '(maxPendingJobs); wait until some start, or ask an admin to raise the quota',
  );
}
