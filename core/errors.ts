/** Machine-readable error codes shared by the API, the CLI and the activities. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'quota_exceeded'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  // 429, not 409: the same request succeeds later, once some pending jobs have started.
  quota_exceeded: 429,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

/**
 * An expected failure with a message that tells the caller what to fix.
 * `retryable` says whether trying the same thing again may succeed (Temporal retries those).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.status = statusByCode[code];
  }
}

/** The request is malformed or breaks a rule; the message names the field and the fix. */
export function badRequest(message: string): DomainError {
  return new DomainError('bad_request', message);
}

/** The caller is known but may not do this; the message says who may. */
export function forbidden(message: string): DomainError {
  return new DomainError('forbidden', message);
}

/** The resource does not exist or the caller may not know it exists. */
export function notFound(message: string): DomainError {
  return new DomainError('not_found', message);
}

/** The request conflicts with the current state (e.g. a username already taken). */
export function conflict(message: string): DomainError {
  return new DomainError('conflict', message);
}
