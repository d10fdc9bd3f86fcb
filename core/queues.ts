import { z } from 'zod';
import { accountNameSchema, descriptionSchema, prioritySchema } from './accounts';

const walltimeSchema = z
  .int()
  .positive()
  .describe('Longest maxLifetimeSeconds a job may ask for here; null: the site maximum');

/** The body of `POST /api/v1/queues`. */
export const createQueueRequestSchema = z.strictObject({
  name: accountNameSchema,
  description: descriptionSchema.optional(),
  priority: prioritySchema.optional(),
  maxWalltimeSeconds: walltimeSchema.nullable().optional(),
  allowedGroups: z
    .array(accountNameSchema)
    .max(1000)
    .optional()
    .describe('Groups whose members may submit here; empty: every group'),
});

/** A validated queue creation request. */
export type CreateQueueRequest = z.infer<typeof createQueueRequestSchema>;

/** The body of `PATCH /api/v1/queues/:name`; `allowedGroups` replaces the whole list. */
export const updateQueueRequestSchema = createQueueRequestSchema.omit({ name: true });

/** A validated queue update. */
export type UpdateQueueRequest = z.infer<typeof updateQueueRequestSchema>;

/** A queue as the API shows it. */
export const queueSchema = z.object({
  name: z.string(),
  description: z.string(),
  priority: z.int(),
  maxWalltimeSeconds: z.int().nullable(),
  allowedGroups: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

/** A queue as the API shows it. */
export type QueueView = z.infer<typeof queueSchema>;

/** Response of `GET /api/v1/queues`. */
export const queueListSchema = z.object({ queues: z.array(queueSchema) });
