// RFC 4515 section 3: in a filter's assertion value these five characters must be written as a
// backslash and two hex digits; everything else may stand as it is.
const FILTER_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\5c',
  '*': '\\2a',
  '(': '\\28',
  ')': '\\29',
  '\0': '\\00',
};

/** Escapes a value for use inside an LDAP search filter (RFC 4515), so it matches only itself. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (char) => FILTER_SPECIALS[char] ?? char);
}

/** Fills every `{username}` placeholder of a configured filter with the escaped username. */
export function fillUsernameFilter(template: string, username: string): string {
  return template.replaceAll('{username}', escapeFilterValue(username));
}
