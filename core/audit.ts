import { z } from 'zod';

/** How an audited action ended: done, refused by a rule, or failed for another reason. */
export const auditOutcomes = ['ok', 'refused', 'failed'] as const;

/** How an audited action ended. */
export type AuditOutcome = (typeof auditOutcomes)[number];

/** An event to append to the audit log. */
export interface AuditEntry {
  /** The username behind the request; null when nobody is logged in. */
  actor: string | null;
  /** The client address the request came from, when it came through the API. */
  address: string | null;
  /** A dotted verb such as `job.submit`, `auth.login`, `user.update`. */
  action: string;
  /** What was acted on: a job id, a username, `group/phys`... */
  target: string | null;
  outcome: AuditOutcome;
  /** What happened or why it was refused, and the request where it helps an investigation. */
  detail: Record<string, unknown> | null;
}

/** An audit event as the API shows it. */
export const auditEventSchema = z.object({
  id: z.int(),
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  address: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/** An audit event as the API shows it. */
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** Filters of `GET /api/v1/audit`. */
export const auditQuerySchema = z.strictObject({
  actor: z.string().max(64).optional().describe('Events of this user'),
  action: z
    .string()
    .max(64)
    .regex(/^[a-z.]+\*?$/, 'use a dotted action such as job.submit, or a prefix such as job.*')
    .optional()
    .describe('An action, or a prefix ending in * (auth.*)'),
  outcome: z.enum(auditOutcomes).optional(),
  target: z.string().max(255).optional(),
  since: z.iso.datetime().optional().describe('Events at or after this time (ISO 8601)'),
  until: z.iso.datetime().optional().describe('Events before this time (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Paging: events with a smaller id'),
});

/** Filters of `GET /api/v1/audit`. */
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Response of `GET /api/v1/audit`: newest first. */
export const auditListSchema = z.object({
  events: z.array(auditEventSchema),
  nextBeforeId: z.int().nullable(),
});

// Refused requests are kept for investigation, but a hostile client must not fill the disk.
const maxDetailChars = 8192;

const maxDepth = 8;
const maxEntries = 100;

// A hostile body may nest deeper than JSON.stringify can recurse: keep a bounded copy.
function bounded(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) return '(nested too deep)';
  if (Array.isArray(value)) {
    return value.slice(0, maxEntries).map((item) => bounded(item, depth + 1));
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .slice(0, maxEntries)
      .map(([key, item]) => [key, bounded(item, depth + 1)]),
  );
}

/** The detail as stored: JSON, cut to a bounded depth and size (the cut is said, not silent). */
export function auditDetailText(detail: Record<string, unknown> | null): string | null {
  if (detail === null) return null;
  const text = JSON.stringify(bounded(detail, 0));
  if (text.length <= maxDetailChars) return text;
  return JSON.stringify({ truncated: true, excerpt: text.slice(0, maxDetailChars) });
}
