/** Who a password check says a user is: the POSIX identity their jobs run with. */
export interface VerifiedIdentity {
  username: string;
  uid: number;
  gid: number;
  /** Supplementary group ids (the primary gid may be among them). */
  groups: number[];
  home: string;
}

/**
 * One way of checking a username and password (local users, an LDAP directory, ...). Login tries
 * the configured authenticators in order.
 */
export interface PasswordAuthenticator {
  /** The name used in configuration and recorded as a user's `authSource`. */
  readonly name: 'local' | 'ldap';
  /**
   * The identity when the password is right; undefined for an unknown user and for a wrong
   * password alike (callers must not be able to tell which). Throws when the backing service
   * cannot be reached, so an outage is not reported as a bad password.
   */
  authenticate(username: string, password: string): Promise<VerifiedIdentity | undefined>;
  /** Releases connections, if any. */
  close(): Promise<void>;
}
