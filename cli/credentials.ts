import type { SavedLogin } from './config-file';

/** Where `npm start` serves the API when nothing else is said. */
export const defaultApiUrl = 'http://127.0.0.1:8080';

/** The server to talk to and the token to show it, if any. */
export interface Credentials {
  url: string;
  token: string | undefined;
  /** Set when a saved login exists but for another server, so "not logged in" can say why. */
  savedFor: string | undefined;
}

/** Trailing slashes do not make another server. */
export function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * Picks the server (flag or GODOCKER_URL, else the saved one, else the default) and the token
 * (GODOCKER_TOKEN, else the saved one). A saved token is only ever sent to the server it came
 * from: pointing the CLI elsewhere must not hand that server our credentials.
 */
export function resolveCredentials(
  flagUrl: string | undefined,
  envToken: string | undefined,
  saved: SavedLogin,
): Credentials {
  const url = flagUrl ?? saved.url ?? defaultApiUrl;
  if (envToken) return { url, token: envToken, savedFor: undefined };
  const matches = saved.url !== undefined && sameServer(saved.url, url);
  return {
    url,
    token: matches ? saved.token : undefined,
    savedFor: !matches && saved.token ? saved.url : undefined,
  };
}
