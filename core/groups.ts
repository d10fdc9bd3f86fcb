import { z } from 'zod';
import { accountNameSchema, descriptionSchema, prioritySchema, sharesSchema } from './accounts';

// A POSIX gid is informational here (containers get the user's own gid list); 0 would be root's.
const gidSchema = z
  .int()
  .min(1, 'must be 1 or more (0 is root)')
  .max(2 ** 31 - 2)
  .describe('The matching POSIX gid, if any');

/** The body of `POST /api/v1/groups`. */
export const createGroupRequestSchema = z.strictObject({
  name: accountNameSchema,
  gid: gidSchema.nullable().optional(),
  description: descriptionSchema.optional(),
  shares: sharesSchema.optional(),
  priority: prioritySchema.optional(),
});

/** A validated group creation request. */
export type CreateGroupRequest = z.infer<typeof createGroupRequestSchema>;

/** The body of `PATCH /api/v1/groups/:name` (names never change: jobs and quotas refer to them). */
export const updateGroupRequestSchema = createGroupRequestSchema.omit({ name: true });

/** A validated group update. */
export type UpdateGroupRequest = z.infer<typeof updateGroupRequestSchema>;

/** The body of `PUT /api/v1/groups/:name/members/:username`; it may be left out. */
export const groupMemberRequestSchema = z
  .strictObject({
    primary: z
      .boolean()
      .optional()
      .describe(
        "true: jobs are charged to this group. A user's first group is primary; false is refused on the primary (make another group primary instead)",
      ),
  })
  .default({});

/** A validated membership request. */
export type GroupMemberRequest = z.infer<typeof groupMemberRequestSchema>;

/** One member of a group. */
export const groupMemberSchema = z.object({ username: z.string(), primary: z.boolean() });

/** A group as the API shows it. */
export const groupSchema = z.object({
  name: z.string(),
  gid: z.int().nullable(),
  description: z.string(),
  shares: z.int(),
  priority: z.int(),
  members: z.array(groupMemberSchema),
  createdAt: z.iso.datetime(),
});

/** A group as the API shows it. */
export type GroupView = z.infer<typeof groupSchema>;

/** Response of `GET /api/v1/groups`. */
export const groupListSchema = z.object({ groups: z.array(groupSchema) });
