import { z } from 'zod';
import { schedulingSettingsSchema } from '../core/scheduling/settings';

// The first seed of the catalog (MariaDB `images`, see docs/catalog.md); admins edit it there.
const catalogImage = z.strictObject({
  name: z.string().min(1).describe('name:version, e.g. godocker/debian:12'),
  description: z.string().default(''),
  os: z.string().default(''),
  tags: z.array(z.string()).default([]),
  isDefault: z.boolean().default(false),
  reference: z
    .string()
    .optional()
    .describe('Where the daemon gets it, e.g. 127.0.0.1:5000/godocker/debian:12; default name'),
});

/** An LDAP directory whose posixAccount entries may log in (see docs/security.md). */
export const ldapSettingsSchema = z.strictObject({
  url: z.string().regex(/^ldaps?:\/\//, 'use ldap://host:port or ldaps://host:port'),
  bindDn: z.string().optional().describe('Service account that searches; anonymous when unset'),
  bindPassword: z.string().optional(),
  userBase: z
    .string()
    .min(1)
    .describe('Where posixAccount entries live, e.g. ou=people,dc=example,dc=org'),
  userFilter: z
    .string()
    .default('(&(objectClass=posixAccount)(uid={username}))')
    .describe('{username} is replaced by the escaped login name'),
  groupBase: z
    .string()
    .optional()
    .describe('Where posixGroup entries live; no supplementary groups when unset'),
  groupFilter: z.string().default('(&(objectClass=posixGroup)(memberUid={username}))'),
  startTls: z.boolean().default(false),
  caFile: z.string().optional().describe('PEM file trusted for ldaps:// or StartTLS'),
  timeoutMs: z.int().positive().default(5000),
});

/** Settings of the LDAP authenticator. */
export type LdapSettings = z.infer<typeof ldapSettingsSchema>;

/**
 * Go-Docker's whole configuration. Defaults run everything on one machine; a site overrides
 * them in a JSON file (`GODOCKER_CONFIG`) and the environment (`GODOCKER_*`).
 */
export const configSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080).describe('0 picks a free port'),
  dataDir: z.string().default('./.godocker'),
  instance: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'use lowercase letters, digits and -')
    .default('main')
    .describe('Names containers and workflows so several instances can share a Docker host'),
  mysqlUrl: z
    .string()
    .min(1, 'set GODOCKER_MYSQL_URL, e.g. mysql://user:pw@127.0.0.1:3306/godocker'),
  adminPassword: z.string().min(8).optional(),
  admin: z
    .strictObject({
      uid: z.int().min(1).default(1000).describe('uid the first admin runs jobs as'),
      gid: z.int().min(1).default(1000),
    })
    .prefault({}),
  temporal: z
    .strictObject({
      address: z.string().default('127.0.0.1:7233'),
      namespace: z.string().default('default'),
      taskQueue: z.string().default('godocker'),
      uiUrl: z.string().default('http://127.0.0.1:8233'),
    })
    .prefault({}),
  docker: z.strictObject({ socketPath: z.string().default('/var/run/docker.sock') }).prefault({}),
  homes: z
    .strictObject({
      root: z.string().optional().describe('Defaults to <dataDir>/homes'),
      create: z.boolean().default(true),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      defaultCpus: z.number().positive().default(1),
      defaultMemoryMiB: z.int().positive().default(512),
      defaultMaxLifetimeSeconds: z
        .int()
        .positive()
        .default(7 * 24 * 3600),
      maxLifetimeSeconds: z
        .int()
        .positive()
        .default(30 * 24 * 3600),
      logCapBytes: z
        .int()
        .positive()
        .default(10 * 1024 * 1024),
      pidsLimit: z.int().positive().default(1024),
      network: z.enum(['bridge', 'none']).default('bridge'),
      usageSampleSeconds: z
        .number()
        .positive()
        .default(10)
        .describe("How often a running job's cpu, memory, I/O and pids are sampled"),
      statsMaxSamples: z
        .int()
        .min(10)
        .default(720)
        .describe('Samples kept per job; beyond it the older half is thinned'),
      killGraceSeconds: z.int().min(0).default(5).describe('SIGTERM to SIGKILL delay on kill'),
      heartbeatTimeoutSeconds: z
        .int()
        .min(2)
        .default(30)
        .describe("How soon a crashed worker's running jobs are re-attached by another"),
      interactiveIdleSeconds: z
        .int()
        .min(1)
        .default(3600)
        .describe('An interactive job with no shell attached and no use for this long is killed'),
    })
    .prefault({}),
  catalog: z.array(catalogImage).default([
    {
      name: 'godocker/busybox:latest',
      description: 'BusyBox shell and core utilities',
      os: 'busybox',
      tags: ['shell', 'minimal'],
      isDefault: true,
    },
    {
      name: 'godocker/debian:12',
      description: 'Debian 12 (bookworm) minbase, with bash and apt',
      os: 'debian',
      tags: ['shell', 'bash'],
      isDefault: false,
    },
  ]),
  images: z
    .strictObject({
      allowUserImages: z
        .boolean()
        .default(false)
        .describe('Let users run images outside the catalog'),
      allowedRegistries: z
        .array(z.string().min(1))
        .default([])
        .describe('With user images allowed: the registries they may come from (empty: any)'),
    })
    .prefault({}),
  ordering: z
    .strictObject({
      policy: z.string().default('fifo'),
      intervalMs: z.int().min(100).default(2000),
      minWakeGapMs: z
        .int()
        .min(0)
        .default(200)
        .describe('Shortest gap between wake-ups a process sends: one pass serves a burst'),
    })
    .prefault({}),
  worker: z
    .strictObject({
      // 200 rather than 50: a burst of 100 jobs no longer outgrows the cache, whose evicted
      // workflows each fetched and replayed their history when admitted. Measured on a 100-job
      // drain: worker 10.5 → 9.0 CPU s, Temporal server 8.0 → 7.0 s, its requests -8 %; with
      // 1,000 jobs pending the worker holds 15 MiB more (200–206 → 216–220 MiB).
      maxCachedWorkflows: z
        .int()
        .min(0)
        .default(200)
        .describe('Workflows kept in worker memory; others replay their history when they wake'),
      metricsPort: z.coerce
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(9464)
        .describe('Port of GET /metrics of the worker process (on `host`); 0 serves none'),
    })
    .prefault({}),
  scheduling: schedulingSettingsSchema.prefault({}),
  auth: z
    .strictObject({
      providers: z
        .array(z.enum(['local', 'ldap']))
        .min(1)
        .default(['local'])
        .describe('Tried in this order at login; a username belongs to the first that knows it'),
      ldap: ldapSettingsSchema.optional(),
      throttle: z
        .strictObject({
          windowSeconds: z.int().positive().default(900),
          maxFailuresPerAccount: z.int().positive().default(5),
          maxFailuresPerAddress: z.int().positive().default(30),
        })
        .prefault({}),
    })
    .prefault({})
    .refine((auth) => !auth.providers.includes('ldap') || auth.ldap !== undefined, {
      message: 'auth.providers includes ldap: give auth.ldap settings',
    }),
  tokens: z
    .strictObject({
      ttlHours: z
        .int()
        .positive()
        .default(24 * 30),
      apiTokens: z
        .boolean()
        .default(true)
        .describe(
          'Whether users may create API tokens; false refuses new ones and stops existing ones working (login sessions still do)',
        ),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      token: z
        .string()
        .min(16, 'use at least 16 characters')
        .optional()
        .describe('Bearer token GET /metrics requires (API and worker); open when unset'),
    })
    .prefault({}),
});

/** The parsed configuration. */
export type Config = z.infer<typeof configSchema>;
