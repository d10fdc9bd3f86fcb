import type { Server } from 'node:http';
import type { Config } from '../config/schema';
import { systemClock } from '../core/clock';
import { createAuthenticators } from '../adapters/auth/from-config';
import { ApiMetrics } from '../adapters/metrics/api-metrics';
import { JobFigures } from '../adapters/metrics/job-figures';
import { createMetricsRegistry } from '../adapters/metrics/registry';
import { AuditStore } from '../adapters/mysql/audit';
import { ClusterStore } from '../adapters/mysql/cluster';
import { GroupMemberStore } from '../adapters/mysql/group-members';
import { GroupStore } from '../adapters/mysql/groups';
import { JobEventFeed } from '../adapters/mysql/job-event-feed';
import { JobLogStore } from '../adapters/mysql/job-logs';
import { JobSampleStore } from '../adapters/mysql/job-samples';
import { JobSessionStore } from '../adapters/mysql/job-sessions';
import { JobStore } from '../adapters/mysql/jobs';
import { LoginFailureStore } from '../adapters/mysql/login-failures';
import { migrate } from '../adapters/mysql/migrate';
import { NodeStore } from '../adapters/mysql/nodes';
import { OrderingPassStore } from '../adapters/mysql/ordering-passes';
import { createPool } from '../adapters/mysql/pool';
import { ProjectMemberStore } from '../adapters/mysql/project-members';
import { ProjectStore } from '../adapters/mysql/projects';
import { QueueStore } from '../adapters/mysql/queues';
import { QuotaStore } from '../adapters/mysql/quotas';
import { TokenStore } from '../adapters/mysql/tokens';
import { UserStore } from '../adapters/mysql/users';
import { VolumeStore } from '../adapters/mysql/volumes';
import { ImageStore } from '../adapters/mysql/images';
import { JobImageStore } from '../adapters/mysql/job-images';
import { RegistryClient } from '../adapters/registry/client';
import type { Logger } from '../adapters/log';
import { connectClient, createGateway } from '../adapters/temporal/connect';
import { DockerExecutor } from '../adapters/docker/executor';
import { createApp } from './app';
import { ShellGateway } from './shell-gateway';
import { JobEventHub } from './events';
import type { ApiDeps } from './context';
import { bootstrapAdmin } from './use-cases/bootstrap-admin';
import { configuredImages } from './use-cases/images';

/** A running API server. */
export interface RunningApi {
  url: string;
  deps: ApiDeps;
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

/** Composition root of the API process: connect, migrate, create the first admin, listen. */
export async function startApi(config: Config, log: Logger): Promise<RunningApi> {
  const pool = createPool(config.mysqlUrl, 20);
  await migrate(pool);
  const temporal = await connectClient(config);
  const gateway = createGateway(temporal, config, pool, log);
  const users = new UserStore(pool);
  const deps: ApiDeps = {
    config,
    clock: systemClock,
    pool,
    authenticators: createAuthenticators(config, users),
    users,
    tokens: new TokenStore(pool),
    loginFailures: new LoginFailureStore(pool),
    audit: new AuditStore(pool),
    jobs: new JobStore(pool),
    logs: new JobLogStore(pool),
    samples: new JobSampleStore(pool, config.jobs.statsMaxSamples),
    sessions: new JobSessionStore(pool),
    executor: new DockerExecutor({
      socketPath: config.docker.socketPath,
      pidsLimit: config.jobs.pidsLimit,
      network: config.jobs.network,
      logCapBytes: config.jobs.logCapBytes,
      killGraceSeconds: config.jobs.killGraceSeconds,
    }),
    nodes: new NodeStore(pool),
    cluster: new ClusterStore(pool),
    orderingPasses: new OrderingPassStore(pool),
    groups: new GroupStore(pool),
    groupMembers: new GroupMemberStore(pool),
    projects: new ProjectStore(pool),
    projectMembers: new ProjectMemberStore(pool),
    queues: new QueueStore(pool),
    quotas: new QuotaStore(pool),
    volumes: new VolumeStore(pool),
    images: new ImageStore(pool),
    jobImages: new JobImageStore(pool),
    registry: new RegistryClient(),
    workflows: gateway,
    temporal,
    events: new JobEventHub(new JobEventFeed(pool, { log }), { log }),
    metrics: new ApiMetrics(createMetricsRegistry(), new JobFigures(pool)),
    log: (event) => log({ msg: 'event', ...event }),
  };
  const admin = await bootstrapAdmin(deps);
  await deps.images.seed(configuredImages(deps), deps.clock());
  const app = createApp(deps);
  const shells = new ShellGateway(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  // Websocket attachments to interactive jobs (docs/interactive.md); express never sees them.
  server.on('upgrade', (req, socket, head) => shells.handleUpgrade(req, socket, head));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host}:${port}`,
    deps,
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
    async close() {
      await deps.events.close();
      shells.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await temporal.connection.close();
      await Promise.all(deps.authenticators.map((a) => a.close()));
      await pool.end();
    },
  };
}
