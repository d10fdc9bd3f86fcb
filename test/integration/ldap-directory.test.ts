import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Client } from 'ldapts';
import type { PasswordAuthenticator } from '../../adapters/auth/authenticator';
import { createLdapAuthenticator, escapeFilterValue } from '../../adapters/auth/ldap';
import { fillUsernameFilter } from '../../adapters/auth/ldap-filter';
import type { LdapSettings } from '../../config/schema';
import { seedDirectory, testDirectoryServer, type SeededDirectory } from '../support/ldap';

test('escapeFilterValue escapes the five RFC 4515 specials and nothing else', () => {
  const cases: [string, string][] = [
    ['alice', 'alice'],
    ['*', '\\2a'],
    ['(', '\\28'],
    [')', '\\29'],
    ['\\', '\\5c'],
    ['\0', '\\00'],
    ['alice)(uid=*', 'alice\\29\\28uid=\\2a'],
    ['*)(|(uid=*', '\\2a\\29\\28|\\28uid=\\2a'],
    ['a.b-c_d', 'a.b-c_d'],
    ['é=,+', 'é=,+'],
  ];
  for (const [value, escaped] of cases) assert.equal(escapeFilterValue(value), escaped, value);
  assert.equal(
    fillUsernameFilter('(|(uid={username})(cn={username}))', 'a*'),
    '(|(uid=a\\2a)(cn=a\\2a))',
  );
});

describe('LDAP authenticator against a real slapd', { timeout: 60_000 }, () => {
  let seeded: SeededDirectory;
  let ldap: PasswordAuthenticator;

  before(async () => {
    seeded = await seedDirectory('ldap-directory-test');
    ldap = createLdapAuthenticator(seeded.settings);
  });
  after(async () => ldap?.close());

  test('the right password gives the posixAccount identity and the posixGroup gids', async () => {
    assert.deepEqual(await ldap.authenticate('alice', seeded.passwords.alice), {
      username: 'alice',
      uid: 5101,
      gid: 5100,
      groups: [5100],
      home: '/home/alice',
    });
    // wheel (gid 0) lists carol too, but root's group is never handed out.
    assert.deepEqual(await ldap.authenticate('carol', seeded.passwords.carol), {
      username: 'carol',
      uid: 5103,
      gid: 5103,
      groups: [5103, 5201, 5202],
      home: '/home/carol',
    });
  });

  test('a wrong password, an unknown user and an empty password all give undefined', async () => {
    assert.equal(await ldap.authenticate('alice', seeded.passwords.bob), undefined);
    assert.equal(await ldap.authenticate('alice', `${seeded.passwords.alice}x`), undefined);
    assert.equal(await ldap.authenticate('nobody', seeded.passwords.alice), undefined);
    assert.equal(await ldap.authenticate('alice', ''), undefined);
  });

  test('a user with uidNumber 0 cannot log in, even with the right password', async () => {
    assert.equal(await ldap.authenticate('toor', seeded.passwords.toor), undefined);
  });

  test('a uid that two entries share is ambiguous and gives undefined', async () => {
    assert.equal(await ldap.authenticate('dave', seeded.passwords.dave), undefined);
  });

  test('filter injection attempts give undefined, not an error or someone else', async () => {
    const attempts = ['*', 'alice)(uid=*', '*)(|(uid=*', 'alice*', 'ALICE', 'a\\2a', 'alice\0'];
    for (const username of attempts) {
      for (const password of [seeded.passwords.alice, '*', 'x'])
        assert.equal(await ldap.authenticate(username, password), undefined, username);
    }
  });

  test('slapd reads an escaped value as a literal, not as a wildcard', async () => {
    const server = testDirectoryServer();
    const client = new Client({ url: server.url, timeout: 5_000 });
    try {
      await client.bind(server.adminDn, server.adminPassword);
      const count = async (filter: string) =>
        (await client.search(seeded.settings.userBase, { filter })).searchEntries.length;
      assert.equal(await count('(uid=*)'), 6);
      assert.equal(await count(`(uid=${escapeFilterValue('*')})`), 0);
      assert.equal(await count(fillUsernameFilter(seeded.settings.userFilter, 'alice')), 1);
    } finally {
      await client.unbind();
    }
  });

  test('a wrong service account password is an error that says so, not a bad login', async () => {
    const broken = createLdapAuthenticator({ ...seeded.settings, bindPassword: 'wrong' });
    await assert.rejects(
      broken.authenticate('alice', seeded.passwords.alice),
      /LDAP directory at ldap:\/\/127\.0\.0\.1:\d+ refused to bind as the service account/,
    );
  });

  test('StartTLS with the directory certificate as caFile authenticates', async () => {
    const { caFile } = testDirectoryServer();
    for (const url of [
      seeded.settings.url,
      seeded.settings.url.replace('127.0.0.1', 'localhost'),
    ]) {
      const tls = createLdapAuthenticator({ ...seeded.settings, url, startTls: true, caFile });
      const identity = await tls.authenticate('alice', seeded.passwords.alice);
      assert.equal(identity?.uid, 5101, url);
      assert.equal(await tls.authenticate('alice', 'wrong'), undefined);
    }
  });

  test('StartTLS to a certificate nobody trusts is unreachable, not a bad password', async () => {
    const untrusted = createLdapAuthenticator({ ...seeded.settings, startTls: true });
    await assert.rejects(
      untrusted.authenticate('alice', seeded.passwords.alice),
      /LDAP directory at ldap:\/\/127\.0\.0\.1:\d+ could not be reached \(while trying to start TLS\): self-signed certificate/,
    );
  });

  test('without groupBase only the primary gid is returned', async () => {
    const noGroups = createLdapAuthenticator({ ...seeded.settings, groupBase: undefined });
    const identity = await noGroups.authenticate('carol', seeded.passwords.carol);
    assert.deepEqual(identity?.groups, [5103]);
  });
});

describe('LDAP authenticator when the directory is unreachable', { timeout: 30_000 }, () => {
  const settingsFor = (url: string, timeoutMs = 2_000): LdapSettings => ({
    url,
    userBase: 'ou=people,dc=godocker,dc=test',
    userFilter: '(&(objectClass=posixAccount)(uid={username}))',
    groupFilter: '(&(objectClass=posixGroup)(memberUid={username}))',
    startTls: false,
    timeoutMs,
  });

  test('a closed port rejects with a message naming the URL', async () => {
    const down = createLdapAuthenticator(settingsFor('ldap://127.0.0.1:1'));
    await assert.rejects(
      down.authenticate('alice', 'secret'),
      /LDAP directory at ldap:\/\/127\.0\.0\.1:1 could not be reached/,
    );
  });

  test('refused names and empty passwords are answered without contacting the directory', async () => {
    const down = createLdapAuthenticator(settingsFor('ldap://127.0.0.1:1'));
    assert.equal(await down.authenticate('*', 'secret'), undefined);
    assert.equal(await down.authenticate('alice)(uid=*', 'secret'), undefined);
    assert.equal(await down.authenticate('alice', ''), undefined);
  });

  test('a server that accepts connections but never answers times out after timeoutMs', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === 'object');
    const url = `ldap://127.0.0.1:${address.port}`;
    try {
      const started = Date.now();
      await assert.rejects(
        createLdapAuthenticator(settingsFor(url, 300)).authenticate('alice', 'secret'),
        (error: Error) => error.message.includes(`LDAP directory at ${url} could not be reached`),
      );
      assert.ok(Date.now() - started < 5_000, 'timeoutMs bounds the wait');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
