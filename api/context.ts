import type { Client } from '@temporalio/client';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import type { Executor } from '../core/executor';
import type { TokenScope } from '../core/tokens';
import type { WorkflowGateway } from '../activities/deps';
import type { PasswordAuthenticator } from '../adapters/auth/authenticator';
import type { ApiMetrics } from '../adapters/metrics/api-metrics';
import type { AuditStore } from '../adapters/mysql/audit';
import type { ClusterStore } from '../adapters/mysql/cluster';
import type { GroupMemberStore } from '../adapters/mysql/group-members';
import type { GroupStore } from '../adapters/mysql/groups';
import type { ImageStore } from '../adapters/mysql/images';
import type { JobImageStore } from '../adapters/mysql/job-images';
import type { JobLogStore } from '../adapters/mysql/job-logs';
import type { JobSampleStore } from '../adapters/mysql/job-samples';
import type { JobSessionStore } from '../adapters/mysql/job-sessions';
import type { JobStore } from '../adapters/mysql/jobs';
import type { LoginFailureStore } from '../adapters/mysql/login-failures';
import type { NodeStore } from '../adapters/mysql/nodes';
import type { OrderingPassStore } from '../adapters/mysql/ordering-passes';
import type { Pool } from '../adapters/mysql/pool';
import type { ProjectMemberStore } from '../adapters/mysql/project-members';
import type { ProjectStore } from '../adapters/mysql/projects';
import type { QueueStore } from '../adapters/mysql/queues';
import type { QuotaStore } from '../adapters/mysql/quotas';
import type { TokenStore } from '../adapters/mysql/tokens';
import type { UserRecord, UserStore } from '../adapters/mysql/users';
import type { VolumeStore } from '../adapters/mysql/volumes';
import type { RegistryClient } from '../adapters/registry/client';
import type { JobEventHub } from './events';

/** What the API's handlers and use cases are given (built once in the server's entry). */
export interface ApiDeps {
  config: Config;
  clock: Clock;
  pool: Pool;
  /** Tried in order at login. */
  authenticators: PasswordAuthenticator[];
  users: UserStore;
  tokens: TokenStore;
  loginFailures: LoginFailureStore;
  audit: AuditStore;
  jobs: JobStore;
  logs: JobLogStore;
  samples: JobSampleStore;
  /** Open attachments to interactive jobs and their last use. */
  sessions: JobSessionStore;
  /** Starts shells in running job containers (never exposed: the API only proxies them). */
  executor: Executor;
  nodes: NodeStore;
  cluster: ClusterStore;
  orderingPasses: OrderingPassStore;
  groups: GroupStore;
  groupMembers: GroupMemberStore;
  projects: ProjectStore;
  projectMembers: ProjectMemberStore;
  queues: QueueStore;
  quotas: QuotaStore;
  volumes: VolumeStore;
  /** The software catalog. */
  images: ImageStore;
  /** Jobs' pinned digests and image holds. */
  jobImages: JobImageStore;
  /** Reads registries (Registry HTTP API v2) for imports and digests. */
  registry: RegistryClient;
  workflows: WorkflowGateway;
  temporal: Client;
  /** Job state changes streamed to subscribers (GET /api/v1/events), from one poller. */
  events: JobEventHub;
  /** This process's Prometheus registry and request timings (GET /metrics). */
  metrics: ApiMetrics;
  log: (event: Record<string, unknown>) => void;
}

/** The authenticated caller of a request, and how far the token they sent reaches. */
export interface Caller extends UserRecord {
  scope: TokenScope;
  tokenId: number;
}
