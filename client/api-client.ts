import type { z } from 'zod';
import {
  jobListSchema,
  jobSchema,
  type JobView,
  type ListJobsQuery,
  type SubmitJobRequest,
} from '../core/job';
import { loginResponseSchema, logoutResponseSchema, userSchema, type UserView } from '../core/user';

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
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) params.set(key, String(value));
    const suffix = params.size > 0 ? `?${params.toString()}` : '';
    return this.json(jobListSchema, 'GET', `/api/v1/jobs${suffix}`);
  }

  /** One job with its history. */
  getJob(id: number): Promise<JobView> {
    return this.json(jobSchema, 'GET', `/api/v1/jobs/${id}`);
  }

  /** Kills a job; returns it as it stands right after the request. */
  killJob(id: number): Promise<JobView> {
    return this.json(jobSchema, 'DELETE', `/api/v1/jobs/${id}`);
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
}
