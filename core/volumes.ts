import { z } from 'zod';
import { accountNameSchema } from './accounts';
import { normalizePath, parentPath } from './posix-path';

/** Placeholders a volume's paths may use; each is filled from the job and its owner. */
export const volumePlaceholders = ['username', 'uid', 'gid', 'group', 'project', 'home'] as const;

/** Values for a volume's placeholders. */
export type MountVariables = Record<(typeof volumePlaceholders)[number], string>;

const placeholderPattern = /\{([a-z]+)\}/g;

const pathTemplate = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^(\/|\{home\})/, 'must be an absolute path (or start with {home})')
  .regex(/^[^\x00-\x1f\x7f]*$/, 'must not contain control characters')
  .refine((t) => !t.split('/').includes('..'), "must not contain '..'")
  .refine(
    (t) =>
      [...t.matchAll(placeholderPattern)].every((m) =>
        (volumePlaceholders as readonly string[]).includes(m[1] ?? ''),
      ),
    `placeholders are ${volumePlaceholders.map((p) => `{${p}}`).join(', ')}`,
  );

/** A volume name as jobs ask for it. */
export const volumeNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'use 1-32 lowercase letters, digits and -, starting with a letter',
  );

/** The body of `POST /api/v1/volumes`. */
export const createVolumeRequestSchema = z.strictObject({
  name: volumeNameSchema,
  description: z.string().max(255).default(''),
  hostPath: pathTemplate.describe('Host directory, e.g. /data/{project} or /scratch/{username}'),
  containerPath: pathTemplate.describe('Where jobs see it, e.g. /data'),
  readOnly: z
    .boolean()
    .default(true)
    .describe('Jobs cannot write to it (jobs may also ask for ro)'),
  groups: z
    .array(accountNameSchema)
    .max(100)
    .default([])
    .describe('Scheduling groups whose members may use it; empty: everyone'),
});

/** A validated volume declaration. */
export type CreateVolumeRequest = z.infer<typeof createVolumeRequestSchema>;

/** The body of `PATCH /api/v1/volumes/:name`. */
export const updateVolumeRequestSchema = z.strictObject({
  description: z.string().max(255).optional(),
  hostPath: pathTemplate.optional(),
  containerPath: pathTemplate.optional(),
  readOnly: z.boolean().optional(),
  groups: z.array(accountNameSchema).max(100).optional(),
});

/** A validated volume change. */
export type UpdateVolumeRequest = z.infer<typeof updateVolumeRequestSchema>;

/** A volume of the catalog as the API shows it. */
export const volumeSchema = z.object({
  name: z.string(),
  description: z.string(),
  hostPath: z.string(),
  containerPath: z.string(),
  readOnly: z.boolean(),
  groups: z.array(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** A volume of the catalog. */
export type Volume = z.infer<typeof volumeSchema>;

/** Response of `GET /api/v1/volumes`. */
export const volumeListSchema = z.object({ volumes: z.array(volumeSchema) });

/** A volume as a job asks for it: by name, optionally read-only even where writable. */
export const jobVolumeRequestSchema = z.strictObject({
  name: volumeNameSchema,
  readOnly: z.boolean().optional().describe('Mount read-only even if the volume is writable'),
});

/** A mount a job will get, resolved and checked at submit and checked again at launch. */
export const jobMountSchema = z.object({
  volume: z.string().describe("`home` for the owner's home, else a catalog volume"),
  hostPath: z.string(),
  containerPath: z.string(),
  readOnly: z.boolean(),
});

/** A resolved mount of a job. */
export type JobMount = z.infer<typeof jobMountSchema> & {
  /** The directory the host path must stay inside (what the template fixes). */
  within: string;
};

/** Fills a template's placeholders. */
export function expandTemplate(template: string, vars: MountVariables): string {
  return template.replace(
    placeholderPattern,
    (_m, key: string) => vars[key as keyof MountVariables],
  );
}

/**
 * The part of a host path template that does not depend on the job: the directory every
 * expansion must stay inside. `/data/{project}` → `/data`; `{home}/x` → the home itself.
 */
export function templateRoot(template: string, vars: MountVariables): string {
  if (template.startsWith('{home}')) return vars.home;
  const brace = template.indexOf('{');
  if (brace < 0) return normalizePath(template);
  const fixed = template.slice(0, brace);
  return fixed.endsWith('/') ? normalizePath(fixed) : parentPath(fixed);
}

// Host directories no job may see, whatever a volume says: the system, the kernel's views, the
// container runtime and anything that leads to the Docker API.
const forbiddenHostRoots = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/run',
  '/var/run',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/root',
];

/** True when `inner` is `outer` or inside it (both normalised absolute paths). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || outer === '/' || inner.startsWith(`${outer}/`);
}

/** Why a (resolved, absolute) host path may never be mounted, or undefined when it may. */
export function forbiddenHostPath(hostPath: string): string | undefined {
  if (hostPath === '/') return 'the root of the host filesystem';
  const root = forbiddenHostRoots.find((r) => isWithin(hostPath, r));
  if (root) return `${root} is a system directory`;
  if (/(^|\/)docker\.sock$/.test(hostPath) || hostPath.endsWith('.sock')) {
    return 'a socket (the Docker API is never reachable from jobs)';
  }
  return undefined;
}

// Container paths that would hide what the image needs to run.
const reservedContainerPaths = [
  '/',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/usr',
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/tmp',
];

/** Why a container path may not receive a mount, or undefined when it may. */
export function reservedContainerPath(containerPath: string): string | undefined {
  const normal = normalizePath(containerPath);
  if (
    reservedContainerPaths.includes(normal) ||
    isWithin(normal, '/proc') ||
    isWithin(normal, '/sys') ||
    isWithin(normal, '/dev')
  ) {
    return `${normal} is needed by the container itself`;
  }
  return undefined;
}
