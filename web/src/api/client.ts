import { type z } from 'zod';
import { currentSession, endSession } from './session';

/** An error answer of the API: `{"error": {"code", "message"}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /**
   * Messages per body field: the API names the field to fix (`body.cpus: must be positive;
   * body.image: unknown image …`), so a form can show each next to its input.
   */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const part of this.message.split(/; (?=body\.)/)) {
      const match = /^body\.([\w]+)(?:\.[\w.]+)?: (.*)$/s.exec(part);
      if (match?.[1] && match[2]) errors[match[1]] ??= match[2];
    }
    return errors;
  }
}

let onSessionExpired: (message: string) => void = () => undefined;

/** What to do when the API says the token is no longer valid (the app returns to the login page). */
export function whenSessionExpires(handler: (message: string) => void): void {
  onSessionExpired = handler;
}

/** Headers of an API call: the bearer token of this tab's session, and JSON when there is a body. */
export function apiHeaders(json = false): Record<string, string> {
  const headers: Record<string, string> = {};
  const session = currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (json) headers['content-type'] = 'application/json';
  return headers;
}

/** Turns a non-2xx answer into an ApiError; a 401 on a logged-in tab also ends the session. */
export async function failure(response: Response): Promise<ApiError> {
  const text = await response.text();
  let code = 'http_' + response.status;
  let message = text || response.statusText;
  try {
    const body = JSON.parse(text) as { error?: { code: string; message: string } };
    if (body.error) ({ code, message } = body.error);
  } catch {
    // Not JSON (a proxy's page): keep the text.
  }
  if (response.status === 401 && currentSession()) {
    endSession(`Your session ended (${message}). Log in again.`);
    onSessionExpired(message);
  }
  return new ApiError(response.status, code, message);
}

/** Sends a request to /api/v1 and checks the JSON answer against the shared schema. */
export async function api<S extends z.ZodType>(
  schema: S,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: apiHeaders(init.body !== undefined),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) throw await failure(response);
  return schema.parse(await response.json());
}

/** Fetches a text or CSV answer and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(`/api/v1${path}`, { headers: apiHeaders() });
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A query string from defined values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
