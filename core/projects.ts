import { z } from 'zod';
import { accountNameSchema, descriptionSchema, prioritySchema, sharesSchema } from './accounts';

/** The body of `POST /api/v1/projects`. */
export const createProjectRequestSchema = z.strictObject({
  name: accountNameSchema,
  description: descriptionSchema.optional(),
  manager: accountNameSchema
    .nullable()
    .optional()
    .describe('A user who may add and remove members; made a member too'),
  shares: sharesSchema.optional(),
  priority: prioritySchema.optional(),
});

/** A validated project creation request. */
export type CreateProjectRequest = z.infer<typeof createProjectRequestSchema>;

/** The body of `PATCH /api/v1/projects/:name`; `manager: null` leaves the project without one. */
export const updateProjectRequestSchema = createProjectRequestSchema.omit({ name: true });

/** A validated project update. */
export type UpdateProjectRequest = z.infer<typeof updateProjectRequestSchema>;

/** The body of `PUT /api/v1/projects/:name/members/:username`: nothing (membership has no options). */
export const projectMemberRequestSchema = z.strictObject({}).default({});

/** A project as the API shows it. */
export const projectSchema = z.object({
  name: z.string(),
  description: z.string(),
  manager: z.string().nullable(),
  shares: z.int(),
  priority: z.int(),
  members: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

/** A project as the API shows it. */
export type ProjectView = z.infer<typeof projectSchema>;

/** Response of `GET /api/v1/projects`. */
export const projectListSchema = z.object({ projects: z.array(projectSchema) });
