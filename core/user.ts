import { z } from 'zod';
import { accountNameSchema, prioritySchema, sharesSchema } from './accounts';

/** Roles a user may hold; project managers arrive with projects. */
export const roles = ['user', 'admin'] as const;

/** A user's role. */
export type Role = (typeof roles)[number];

/** Where a user's password is checked: Go-Docker's own table or the site's LDAP directory. */
export const authSources = ['local', 'ldap'] as const;

/** Where a user's password is checked. */
export type AuthSource = (typeof authSources)[number];

const username = accountNameSchema;

// uid/gid 0 would run jobs as root; root is a separate, audited grant.
const posixId = z
  .int()
  .min(1, 'must be 1 or more (0 is root)')
  .max(2 ** 31 - 2);

const absolutePath = z
  .string()
  .max(4096)
  .regex(/^\/[^\0]*$/, 'must be an absolute path');

/** The body of `POST /api/v1/users`. */
export const createUserRequestSchema = z.strictObject({
  username,
  password: z.string().min(8, 'use at least 8 characters').max(1024),
  uid: posixId,
  gid: posixId,
  groups: z.array(posixId).max(64).optional().describe('Supplementary group ids'),
  home: absolutePath.optional().describe('Defaults to <homeRoot>/<username>'),
  role: z.enum(roles).optional(),
  shares: sharesSchema.optional(),
  priority: prioritySchema.optional(),
});

/** A validated user creation request. */
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** The body of `PATCH /api/v1/users/:username`. */
export const updateUserRequestSchema = z.strictObject({
  password: z.string().min(8, 'use at least 8 characters').max(1024).optional(),
  uid: posixId.optional(),
  gid: posixId.optional(),
  groups: z.array(posixId).max(64).optional(),
  home: absolutePath.optional(),
  role: z.enum(roles).optional(),
  shares: sharesSchema.optional(),
  priority: prioritySchema.optional(),
  rootAllowed: z
    .boolean()
    .optional()
    .describe('Lets the user run jobs as root (volumes then mount read-only); audited'),
});

/** A validated user update. */
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/** A user as the API shows it (never the password hash). */
export const userSchema = z.object({
  username: z.string(),
  uid: z.int(),
  gid: z.int(),
  groups: z.array(z.int()),
  home: z.string(),
  role: z.enum(roles),
  shares: z.int().describe('Fair-share weight among the users of their group'),
  priority: z.int().describe('Admin priority, -1000..1000'),
  authSource: z.enum(authSources).describe('Where the password is checked'),
  rootAllowed: z.boolean().describe('May run jobs as root (granted by an admin)'),
  createdAt: z.iso.datetime(),
  primaryGroup: z
    .string()
    .describe('The group their jobs are charged to (`users` for users in no group)'),
  accountGroups: z
    .array(z.string())
    .describe('Scheduling groups they belong to (not POSIX: `groups` holds the gids)'),
  projects: z.array(z.string()).describe('Projects they may charge besides `default`'),
});

/** A user as the API shows it. */
export type UserView = z.infer<typeof userSchema>;

/** What a user's view says about the accounts their jobs are charged to. */
export type UserAccounts = Pick<UserView, 'primaryGroup' | 'accountGroups' | 'projects'>;

/** The body of `POST /api/v1/auth/login`. */
export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Response of a successful login. */
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
});

/** Response of `GET /api/v1/users`. */
export const userListSchema = z.object({ users: z.array(userSchema) });

/** Response of `POST /api/v1/auth/logout`. */
export const logoutResponseSchema = z.object({ revoked: z.boolean() });
