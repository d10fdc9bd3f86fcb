import type { z } from 'zod';
import { deletedSchema, type AccountKind } from '../core/accounts';
import {
  groupListSchema,
  groupSchema,
  type CreateGroupRequest,
  type GroupView,
  type UpdateGroupRequest,
} from '../core/groups';
import {
  jobListSchema,
  jobSchema,
  type JobView,
  type ListJobsQuery,
  type SubmitJobRequest,
} from '../core/job';
import {
  projectListSchema,
  projectSchema,
  type CreateProjectRequest,
  type ProjectView,
  type UpdateProjectRequest,
} from '../core/projects';
import {
  queueListSchema,
  queueSchema,
  type CreateQueueRequest,
  type QueueView,
  type UpdateQueueRequest,
} from '../core/queues';
import {
  quotaListSchema,
  quotaSchema,
  type ListQuotasQuery,
  type QuotaView,
  type SetQuotaRequest,
} from '../core/quotas';
import { auditListSchema, type AuditQuery } from '../core/audit';
import { clusterSchema, type ClusterView } from '../core/cluster';
import { jobStatsSchema, type JobStats } from '../core/stats';
import {
  apiTokenSchema,
  createdTokenSchema,
  tokenListSchema,
  type CreateTokenRequest,
} from '../core/tokens';
import {
  loginResponseSchema,
  logoutResponseSchema,
  userListSchema,
  userSchema,
  type CreateUserRequest,
  type UpdateUserRequest,
  type UserView,
} from '../core/user';
import {
  volumeListSchema,
  volumeSchema,
  type CreateVolumeRequest,
  type UpdateVolumeRequest,
  type Volume,
} from '../core/volumes';
import {
  catalogImageSchema,
  imageListSchema,
  registryListingSchema,
  type CatalogImage,
  type CreateImageRequest,
  type ImageListQuery,
  type ImportImageRequest,
  type RegistryListing,
  type UpdateImageRequest,
} from '../core/catalog';
import { usageReportSchema, type UsageQueryInput, type UsageReport } from '../core/usage';
import {
  shellInfoSchema,
  shellProtocol,
  tokenProtocolPrefix,
  type ShellInfo,
} from '../core/interactive';

// Names go into paths; encoding keeps a stray character from changing the route.
const seg = (name: string) => encodeURIComponent(name);

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  return params.size > 0 ? `?${params.toString()}` : '';
}

const requestTimeoutMs = 30_000;

/** An error answer of the API, with its code and the message that says what to fix. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message)
      return new ApiError(status, body.error.code ?? 'error', body.error.message);
  } catch {
    // Not our JSON error shape (a proxy's page, say): show the start of it.
  }
  return new ApiError(status, 'http_error', `HTTP ${status}: ${text.slice(0, 200)}`);
}

/**
 * A typed client of the Go-Docker REST API, shared by the CLI and the web UI. Responses are
 * checked against the same zod schemas the server uses.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  private async request(
    method: string,
    path: string,
    body?: unknown,
    stream = false,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // A server that accepts the connection but never answers must not hang the caller;
        // streams (followed logs) legitimately stay open.
        ...(stream ? {} : { signal: AbortSignal.timeout(requestTimeoutMs) }),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new ApiError(
          0,
          'timeout',
          `Go-Docker at ${this.baseUrl} did not answer within ${requestTimeoutMs / 1000} s`,
        );
      }
      const cause =
        error instanceof Error && error.cause instanceof Error
          ? error.cause.message
          : String(error);
      throw new ApiError(
        0,
        'unreachable',
        `cannot reach Go-Docker at ${this.baseUrl} (${cause}); is it running?`,
      );
    }
    if (!response.ok) throw errorFrom(response.status, await response.text());
    return response;
  }

  private async json<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const response = await this.request(method, path, body);
    return schema.parse(await response.json());
  }

  /** Logs in and returns the token with the user. */
  login(username: string, password: string) {
    return this.json(loginResponseSchema, 'POST', '/api/v1/auth/login', { username, password });
  }

  /** Revokes the token this client carries. */
  logout() {
    return this.json(logoutResponseSchema, 'POST', '/api/v1/auth/logout');
  }

  /** The user behind the token. */
  me(): Promise<UserView> {
    return this.json(userSchema, 'GET', '/api/v1/me');
  }

  /** Submits a job. */
  submitJob(request: SubmitJobRequest): Promise<JobView> {
    return this.json(jobSchema, 'POST', '/api/v1/jobs', request);
  }

  /** Lists jobs, newest first. */
  listJobs(query: Partial<ListJobsQuery> = {}) {
    return this.json(jobListSchema, 'GET', `/api/v1/jobs${queryString(query)}`);
  }

  /** One job with its history. */
  getJob(id: number): Promise<JobView> {
    return this.json(jobSchema, 'GET', `/api/v1/jobs/${id}`);
  }

  /** Kills a job; returns it as it stands right after the request. */
  killJob(id: number): Promise<JobView> {
    return this.json(jobSchema, 'DELETE', `/api/v1/jobs/${id}`);
  }

  /** Creates a group (admins). */
  createGroup(request: CreateGroupRequest): Promise<GroupView> {
    return this.json(groupSchema, 'POST', '/api/v1/groups', request);
  }

  /** All groups with their members (admins). */
  listGroups() {
    return this.json(groupListSchema, 'GET', '/api/v1/groups');
  }

  /** One group with its members (admins). */
  getGroup(name: string): Promise<GroupView> {
    return this.json(groupSchema, 'GET', `/api/v1/groups/${seg(name)}`);
  }

  /** Changes a group (admins). */
  updateGroup(name: string, request: UpdateGroupRequest): Promise<GroupView> {
    return this.json(groupSchema, 'PATCH', `/api/v1/groups/${seg(name)}`, request);
  }

  /** Deletes a group (admins). */
  deleteGroup(name: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/groups/${seg(name)}`);
  }

  /** Adds a member to a group, or changes whether it is their primary one (admins). */
  setGroupMember(name: string, username: string, primary?: boolean): Promise<GroupView> {
    const path = `/api/v1/groups/${seg(name)}/members/${seg(username)}`;
    return this.json(groupSchema, 'PUT', path, primary === undefined ? {} : { primary });
  }

  /** Removes a member from a group (admins). */
  removeGroupMember(name: string, username: string): Promise<GroupView> {
    const path = `/api/v1/groups/${seg(name)}/members/${seg(username)}`;
    return this.json(groupSchema, 'DELETE', path);
  }

  /** Creates a project (admins). */
  createProject(request: CreateProjectRequest): Promise<ProjectView> {
    return this.json(projectSchema, 'POST', '/api/v1/projects', request);
  }

  /** Projects: all for admins, else the caller's. */
  listProjects() {
    return this.json(projectListSchema, 'GET', '/api/v1/projects');
  }

  /** One project with its members. */
  getProject(name: string): Promise<ProjectView> {
    return this.json(projectSchema, 'GET', `/api/v1/projects/${seg(name)}`);
  }

  /** Changes a project (admins). */
  updateProject(name: string, request: UpdateProjectRequest): Promise<ProjectView> {
    return this.json(projectSchema, 'PATCH', `/api/v1/projects/${seg(name)}`, request);
  }

  /** Deletes a project (admins). */
  deleteProject(name: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/projects/${seg(name)}`);
  }

  /** Adds a member to a project (admins and its manager). */
  addProjectMember(name: string, username: string): Promise<ProjectView> {
    const path = `/api/v1/projects/${seg(name)}/members/${seg(username)}`;
    return this.json(projectSchema, 'PUT', path, {});
  }

  /** Removes a member from a project (admins and its manager). */
  removeProjectMember(name: string, username: string): Promise<ProjectView> {
    const path = `/api/v1/projects/${seg(name)}/members/${seg(username)}`;
    return this.json(projectSchema, 'DELETE', path);
  }

  /** Creates a queue (admins). */
  createQueue(request: CreateQueueRequest): Promise<QueueView> {
    return this.json(queueSchema, 'POST', '/api/v1/queues', request);
  }

  /** All queues. */
  listQueues() {
    return this.json(queueListSchema, 'GET', '/api/v1/queues');
  }

  /** One queue. */
  getQueue(name: string): Promise<QueueView> {
    return this.json(queueSchema, 'GET', `/api/v1/queues/${seg(name)}`);
  }

  /** Changes a queue (admins). */
  updateQueue(name: string, request: UpdateQueueRequest): Promise<QueueView> {
    return this.json(queueSchema, 'PATCH', `/api/v1/queues/${seg(name)}`, request);
  }

  /** Deletes a queue (admins). */
  deleteQueue(name: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/queues/${seg(name)}`);
  }

  /** Quotas: all for admins, else those that bind the caller's jobs. */
  listQuotas(query: ListQuotasQuery = {}) {
    return this.json(quotaListSchema, 'GET', `/api/v1/quotas${queryString(query)}`);
  }

  /** Sets some limits of an account (admins); null clears one. */
  setQuota(kind: AccountKind, name: string, request: SetQuotaRequest): Promise<QuotaView> {
    return this.json(quotaSchema, 'PUT', `/api/v1/quotas/${kind}/${seg(name)}`, request);
  }

  /** Clears an account's quota (admins). */
  clearQuota(kind: AccountKind, name: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/quotas/${kind}/${seg(name)}`);
  }

  /** Creates an API token; its secret is in the answer, once. */
  createToken(request: Partial<CreateTokenRequest> & { name: string }) {
    return this.json(createdTokenSchema, 'POST', '/api/v1/tokens', request);
  }

  /** The caller's API tokens. */
  listTokens() {
    return this.json(tokenListSchema, 'GET', '/api/v1/tokens');
  }

  /** Revokes one of the caller's API tokens. */
  revokeToken(id: number) {
    return this.json(apiTokenSchema, 'DELETE', `/api/v1/tokens/${id}`);
  }

  /** Creates a user (admins). */
  createUser(request: CreateUserRequest): Promise<UserView> {
    return this.json(userSchema, 'POST', '/api/v1/users', request);
  }

  /** Every user (admins). */
  listUsers() {
    return this.json(userListSchema, 'GET', '/api/v1/users');
  }

  /** One user (admins). */
  getUser(username: string): Promise<UserView> {
    return this.json(userSchema, 'GET', `/api/v1/users/${seg(username)}`);
  }

  /** Changes a user (admins). */
  updateUser(username: string, request: UpdateUserRequest): Promise<UserView> {
    return this.json(userSchema, 'PATCH', `/api/v1/users/${seg(username)}`, request);
  }

  /** Deletes a user; their job records stay (admins). */
  deleteUser(username: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/users/${seg(username)}`);
  }

  /** Declares a volume (admins). */
  createVolume(
    request: Partial<CreateVolumeRequest> &
      Pick<CreateVolumeRequest, 'name' | 'hostPath' | 'containerPath'>,
  ): Promise<Volume> {
    return this.json(volumeSchema, 'POST', '/api/v1/volumes', request);
  }

  /** The volume catalog. */
  listVolumes() {
    return this.json(volumeListSchema, 'GET', '/api/v1/volumes');
  }

  /** One volume. */
  getVolume(name: string): Promise<Volume> {
    return this.json(volumeSchema, 'GET', `/api/v1/volumes/${seg(name)}`);
  }

  /** Changes a volume (admins). */
  updateVolume(name: string, request: UpdateVolumeRequest): Promise<Volume> {
    return this.json(volumeSchema, 'PATCH', `/api/v1/volumes/${seg(name)}`, request);
  }

  /** Removes a volume from the catalog (admins). */
  deleteVolume(name: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/volumes/${seg(name)}`);
  }

  /** The software catalog, filtered by search words, os and tag. */
  listImages(query: ImageListQuery = {}) {
    return this.json(imageListSchema, 'GET', `/api/v1/images${queryString(query)}`);
  }

  /** One catalog image by id or name[:version]. */
  getImage(ref: string): Promise<CatalogImage> {
    return this.json(catalogImageSchema, 'GET', `/api/v1/images/${seg(ref)}`);
  }

  /** Registers an image (admins). */
  createImage(request: Partial<CreateImageRequest> & Pick<CreateImageRequest, 'name'>) {
    return this.json(catalogImageSchema, 'POST', '/api/v1/images', request);
  }

  /** Registers a registry repository's tag with its digest (admins). */
  importImage(
    request: Partial<ImportImageRequest> & Pick<ImportImageRequest, 'registry' | 'repository'>,
  ) {
    return this.json(catalogImageSchema, 'POST', '/api/v1/images/import', request);
  }

  /** Changes a catalog image (admins). */
  updateImage(ref: string, request: UpdateImageRequest): Promise<CatalogImage> {
    return this.json(catalogImageSchema, 'PATCH', `/api/v1/images/${seg(ref)}`, request);
  }

  /** Removes an image from the catalog (admins). */
  deleteImage(ref: string) {
    return this.json(deletedSchema, 'DELETE', `/api/v1/images/${seg(ref)}`);
  }

  /** A registry's repositories and tags (admins). */
  browseRegistry(registry: string): Promise<RegistryListing> {
    return this.json(
      registryListingSchema,
      'GET',
      `/api/v1/registries/${seg(registry)}/repositories`,
    );
  }

  /** The cluster: nodes, load by group and queue, ordering timings. */
  cluster(): Promise<ClusterView> {
    return this.json(clusterSchema, 'GET', '/api/v1/cluster');
  }

  /** A job's resource series and peaks. */
  jobStats(id: number): Promise<JobStats> {
    return this.json(jobStatsSchema, 'GET', `/api/v1/jobs/${id}/stats`);
  }

  /** Audit events, newest first (admins). */
  listAudit(query: Partial<AuditQuery> = {}) {
    return this.json(auditListSchema, 'GET', `/api/v1/audit${queryString(query)}`);
  }

  /** Usage of finished jobs per account and period: all for admins, else what the caller may see. */
  usage(query: Omit<UsageQueryInput, 'format'> = {}): Promise<UsageReport> {
    return this.json(usageReportSchema, 'GET', `/api/v1/usage${queryString(query)}`);
  }

  /** The same usage report as CSV text (a header line, then one line per row). */
  async usageCsv(query: Omit<UsageQueryInput, 'format'> = {}): Promise<string> {
    const response = await this.request(
      'GET',
      `/api/v1/usage${queryString({ ...query, format: 'csv' })}`,
    );
    return response.text();
  }

  /** Whether a shell can attach to one of your interactive jobs now. */
  shellInfo(id: number): Promise<ShellInfo> {
    return this.json(shellInfoSchema, 'GET', `/api/v1/jobs/${id}/shell`);
  }

  /**
   * How to open a websocket to a job's shell (docs/interactive.md): the ws:// URL, the
   * subprotocols (for browsers, which carry the token there) and the headers (for Node, which
   * sends it as Authorization). `cmd` runs a command instead of a shell; `tty: false` keeps
   * stdout and stderr apart.
   */
  shellAttachment(
    id: number,
    options: { tty: boolean; cmd?: readonly string[]; rows?: number; cols?: number },
  ): { url: string; protocols: string[]; headers: Record<string, string> } {
    const params = new URLSearchParams({ tty: options.tty ? '1' : '0' });
    for (const arg of options.cmd ?? []) params.append('cmd', arg);
    if (options.rows && options.cols) {
      params.set('rows', String(options.rows));
      params.set('cols', String(options.cols));
    }
    const base = this.baseUrl.replace(/\/$/, '').replace(/^http/, 'ws');
    return {
      url: `${base}/api/v1/jobs/${id}/shell?${params.toString()}`,
      protocols: this.token
        ? [shellProtocol, `${tokenProtocolPrefix}${this.token}`]
        : [shellProtocol],
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    };
  }

  /** A job's output; with `follow`, a stream that ends when the job does. */
  async jobLogs(id: number, follow: boolean): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request(
      'GET',
      `/api/v1/jobs/${id}/logs${follow ? '?follow=1' : ''}`,
    );
    if (!response.body) throw new ApiError(response.status, 'empty', 'the server sent no log body');
    return response.body;
  }

  /**
   * Job state changes as a server-sent event stream (text/event-stream, see docs/events.md);
   * `since` replays the events after that id first. Stays open until the caller cancels it.
   */
  async jobEvents(
    query: { job?: readonly number[]; project?: string; owner?: string; since?: number } = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const path = `/api/v1/events${queryString({ ...query, job: query.job?.join(',') })}`;
    const response = await this.request('GET', path, undefined, true);
    if (!response.body) throw new ApiError(response.status, 'empty', 'the server sent no stream');
    return response.body;
  }
}
