import { Errors } from '@oclif/core';
import { ZodError } from 'zod';
import { ApiError } from '../client/api-client';

/** An expected failure: shown as one line (never a stack trace), then the process exits with `exit`. */
export class CliFailure extends Errors.CLIError {
  constructor(
    message: string,
    /** The machine-readable reason, the API's error code when it came from there. */
    readonly reason: string,
    exit = 1,
  ) {
    super(message, { exit });
  }
}

/** Turns the errors users can fix or expect (API answers, an unreachable server) into a CliFailure. */
export function toCliFailure(error: unknown): unknown {
  if (error instanceof CliFailure) {
    // oclif wraps flag parse errors as "Parsing --flag \n\t<message>\nSee more help with --help".
    error.message = error.message.replace(
      /^Parsing (--[\w-]+)\s*\n\t([\s\S]*?)\nSee more help with --help$/,
      '$1: $2',
    );
    return error;
  }
  if (error instanceof ApiError) {
    const hint = error.status === 401 ? ' — run `godocker login`, or check GODOCKER_TOKEN' : '';
    return new CliFailure(`${error.message}${hint}`, error.code);
  }
  if (error instanceof ZodError) {
    // The server answered 2xx with a shape this CLI does not know: a version skew, not a user error.
    const issue = error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown shape';
    return new CliFailure(
      `the server's answer does not match this CLI (versions differ?): ${where}`,
      'bad_response',
    );
  }
  return error;
}
