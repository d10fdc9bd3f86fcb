import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmod,
  chown,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../core/audit';
import type { JobView } from '../../core/job';
import type { UserView } from '../../core/user';
import { DEBIAN_BUSYBOX } from '../../scripts/services/busybox-rootfs';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const execFileAsync = promisify(execFile);

// A probe job prints what it can see and do from inside its container; the assertions read its
// log. The security defaults under test are DESIGN.md's: the owner's ids, no capabilities,
// no-new-privileges, default seccomp, no Docker socket, no other home, read-only where declared,
// and root (when granted) still without capabilities and with every mount read-only.

const noCapabilities = '0000000000000000';

/** The `key=value` lines a probe printed (the first `=` splits). */
function facts(log: string): Map<string, string> {
  const lines = log.split('\n').filter((line) => line.includes('='));
  return new Map(
    lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

// Prints the capability sets, no_new_privs and the seccomp mode of the job's own shell.
const statusProbe = `
while read -r key value rest; do
  case "$key" in CapEff:|CapPrm:|CapBnd:|NoNewPrivs:|Seccomp:) echo "\${key%:}=$value" ;; esac
done < /proc/self/status
`;

// Prints the options of the mounts at these container paths (`ro,...` or `rw,...`).
function mountOptions(...points: string[]): string {
  const cases = points.map((p) => `"${p}"`).join('|');
  return `while read -r id parent dev root point opts rest; do case "$point" in ${cases}) echo "options:$point=$opts" ;; esac; done < /proc/self/mountinfo\n`;
}

// Tries an action and prints `<key>=done` or `<key>=refused <error>`.
function attempt(key: string, action: string): string {
  return `if out=$( { ${action}; } 2>&1); then echo "${key}=done"; else echo "${key}=refused $out"; fi\n`;
}

function userProbe(victimHome: string): string {
  return [
    'echo "uid=$(id -u)"; echo "gid=$(id -g)"; echo "groups=$(id -G)"',
    statusProbe,
    // The setuid-root copy of busybox the test put in the home: without no-new-privileges the
    // kernel would exec it with euid 0 and AT_SECURE=1 (Debian's busybox then drops root for most
    // applets, so `id -u` alone cannot tell; the aux vector can).
    'echo "suid-mode=$(stat -c %a:%u busybox-suid)"',
    'echo "suid-id=$(./busybox-suid id -u)"',
    'if auxv=$(./busybox-suid od -A n -t x8 -v /proc/self/auxv 2>&1); then echo auxv=read; else echo "auxv=unreadable $auxv"; fi',
    'echo "$auxv" | while read -r key value; do case "$key" in 000000000000000c) echo "suid-euid=$value" ;; 0000000000000017) echo "suid-secure=$value" ;; esac; done',
    attempt('mount', 'mkdir -p /tmp/x && mount -t tmpfs none /tmp/x'),
    'for s in /var/run/docker.sock /run/docker.sock; do if [ -e "$s" ]; then echo "present:$s=yes"; else echo "present:$s=no"; fi; done',
    'echo "sockets=$(find / \\( -path /proc -o -path /sys \\) -prune -o -type s -print 2>/dev/null | tr "\\n" " ")"',
    attempt('victim-ls', `ls ${victimHome}`),
    attempt('victim-read', `cat ${victimHome}/secret.txt`),
    `echo "homes=$(ls ${path.dirname(victimHome)} | tr "\\n" " ")"`,
    mountOptions('$HOME', '/work', '/refdata'),
    attempt('home-write', 'echo from-the-job > "$HOME/written.txt"'),
    attempt('work-write', 'echo from-the-job > /work/written.txt'),
    attempt('refdata-write', 'touch /refdata/new'),
    'echo "refdata-read=$(cat /refdata/ref.txt)"',
  ].join('\n');
}

const rootProbe = [
  'echo "uid=$(id -u)"',
  statusProbe,
  mountOptions('$HOME', '/work'),
  attempt('home-write', 'touch "$HOME/root-wrote"'),
  attempt('work-write', 'touch /work/root-wrote'),
  attempt('mount', 'mkdir -p /tmp/x && mount -t tmpfs none /tmp/x'),
].join('\n');

describe('a job container is isolated from the host and from other users', () => {
  let stack: Stack;
  const made: string[] = [];
  let prober: string;
  let rooty: string;
  let proberHome: string;
  let victimHome: string;
  let workRoot: string;

  async function userHome(username: string): Promise<string> {
    const answer = await call<UserView>(stack.url, 'GET', `/api/v1/users/${username}`, {
      token: stack.adminToken,
    });
    assert.equal(answer.status, 200, answer.text);
    return answer.body.home;
  }

  async function declareVolume(body: Record<string, unknown>): Promise<void> {
    const answer = await call(stack.url, 'POST', '/api/v1/volumes', {
      token: stack.adminToken,
      body,
    });
    assert.equal(answer.status, 201, answer.text);
  }

  async function hostDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    made.push(dir);
    await chmod(dir, 0o755);
    return dir;
  }

  async function workDir(username: string, uid: number): Promise<void> {
    const dir = path.join(workRoot, username);
    await mkdir(dir);
    await chown(dir, uid, uid);
  }

  /** Runs a probe to its end and returns the job and the facts it printed. */
  async function probe(token: string, body: Record<string, unknown>) {
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox:latest', cpus: 0.5, memoryMiB: 64, ...body },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const job = await stack.waitForJob(token, submitted.body.id, (j) => j.finishedAt !== null);
    const logs = await call(stack.url, 'GET', `/api/v1/jobs/${job.id}/logs`, { token });
    assert.equal(logs.status, 200, logs.text);
    return { job, log: logs.text, seen: facts(logs.text) };
  }

  before(async () => {
    stack = await startStack();
    prober = await stack.createUser('prober', 3101, { groups: [3101, 3200] });
    await stack.createUser('victim', 3102);
    rooty = await stack.createUser('rooty', 3103);
    proberHome = await userHome('prober');
    victimHome = await userHome('victim');
    await writeFile(path.join(victimHome, 'secret.txt'), 'the victim data\n');

    const refData = await hostDir('gdi-ref-');
    await writeFile(path.join(refData, 'ref.txt'), 'reference data\n');
    await declareVolume({
      name: 'refdata',
      hostPath: refData,
      containerPath: '/refdata',
      readOnly: true,
    });
    workRoot = await hostDir('gdi-work-');
    await workDir('prober', 3101);
    await workDir('rooty', 3103);
    // uid 0 without capabilities may not even search a 0700 home of uid 3103; with search
    // allowed, a create reaches the mount, which answers EROFS before any permission check.
    await chmod(await userHome('rooty'), 0o711);
    await declareVolume({
      name: 'work',
      hostPath: `${workRoot}/{username}`,
      containerPath: '/work',
      readOnly: false,
    });

    // chown before chmod: changing the owner clears the setuid bit.
    const suid = path.join(proberHome, 'busybox-suid');
    await copyFile(DEBIAN_BUSYBOX, suid);
    await chown(suid, 0, 0);
    await chmod(suid, 0o4755);
  });

  after(async () => {
    await stack?.stop();
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  test("a user's job runs as them, without privileges, and sees only what is theirs", async () => {
    const { job, log, seen } = await probe(prober, {
      command: userProbe(victimHome),
      volumes: [{ name: 'refdata' }, { name: 'work' }],
    });
    assert.equal(job.state, 'succeeded', `${JSON.stringify(job)}\n${log}`);
    const fact = (key: string) => seen.get(key) ?? `(not printed: ${key})\n${log}`;

    assert.equal(fact('uid'), '3101');
    assert.equal(fact('gid'), '3101');
    assert.deepEqual(fact('groups').split(' ').sort(), ['3101', '3200']);

    assert.equal(fact('CapEff'), noCapabilities);
    assert.equal(fact('CapPrm'), noCapabilities);
    assert.equal(fact('CapBnd'), noCapabilities);
    assert.equal(fact('NoNewPrivs'), '1');
    assert.equal(fact('Seccomp'), '2', 'seccomp filter mode (the default profile)');

    assert.equal(
      fact('suid-mode'),
      '4755:0',
      'the probe binary is setuid root inside the container',
    );
    assert.equal(fact('suid-id'), '3101');
    assert.equal(
      fact('auxv'),
      'read',
      'a setuid exec makes the process undumpable and its auxv unreadable',
    );
    assert.equal(parseInt(fact('suid-euid'), 16), 3101, 'AT_EUID: the exec did not switch to root');
    assert.equal(parseInt(fact('suid-secure'), 16), 0, 'AT_SECURE: the exec was not a setuid one');

    assert.match(fact('mount'), /^refused /);
    assert.equal(fact('present:/var/run/docker.sock'), 'no');
    assert.equal(fact('present:/run/docker.sock'), 'no');
    assert.equal(fact('sockets').trim(), '', 'no unix socket anywhere in the container');

    await stat(path.join(victimHome, 'secret.txt')); // there on the host...
    assert.match(fact('victim-ls'), /^refused .*No such file or directory/); // ...not in the job
    assert.match(fact('victim-read'), /^refused /);
    assert.equal(fact('homes').trim(), 'prober', 'of all homes, only the owner’s is mounted');

    assert.match(fact(`options:${proberHome}`), /^rw,/);
    assert.match(fact('options:/work'), /^rw,/);
    assert.match(fact('options:/refdata'), /^ro,/);
    assert.equal(fact('home-write'), 'done');
    const written = path.join(proberHome, 'written.txt');
    assert.equal(await readFile(written, 'utf8'), 'from-the-job\n');
    assert.equal((await stat(written)).uid, 3101, 'files the job writes belong to its owner');
    assert.equal(fact('work-write'), 'done', 'a writable catalog volume is writable');
    assert.match(fact('refdata-write'), /^refused .*Read-only file system/);
    assert.equal(fact('refdata-read'), 'reference data');
  });

  test('a root job (granted and audited) is uid 0 without capabilities, and every mount is read-only', async () => {
    const grant = await call<UserView>(stack.url, 'PATCH', '/api/v1/users/rooty', {
      token: stack.adminToken,
      body: { rootAllowed: true },
    });
    assert.equal(grant.status, 200, grant.text);
    assert.equal(grant.body.rootAllowed, true);

    const { job, log, seen } = await probe(rooty, {
      command: rootProbe,
      root: true,
      volumes: [{ name: 'work' }],
    });
    assert.equal(job.state, 'succeeded', `${JSON.stringify(job)}\n${log}`);
    assert.equal(job.root, true);
    assert.deepEqual(
      job.mounts.map((m) => [m.volume, m.readOnly]),
      [
        ['home', true],
        ['work', true],
      ],
    );
    const fact = (key: string) => seen.get(key) ?? `(not printed: ${key})\n${log}`;
    assert.equal(fact('uid'), '0');
    assert.match(fact(`options:${job.mounts[0]?.containerPath}`), /^ro,/);
    assert.match(fact('options:/work'), /^ro,/);
    assert.equal(fact('CapEff'), noCapabilities);
    assert.equal(fact('CapPrm'), noCapabilities);
    assert.equal(fact('CapBnd'), noCapabilities);
    assert.equal(fact('NoNewPrivs'), '1');
    assert.match(fact('home-write'), /^refused .*Read-only file system/);
    assert.match(fact('work-write'), /^refused .*Read-only file system/);
    assert.match(fact('mount'), /^refused /);

    const audit = async (query: string) => {
      const answer = await call<{ events: AuditEvent[] }>(
        stack.url,
        'GET',
        `/api/v1/audit?${query}`,
        {
          token: stack.adminToken,
        },
      );
      assert.equal(answer.status, 200, answer.text);
      return answer.body.events;
    };
    const rootEvents = await audit('action=job.root');
    assert.deepEqual(
      rootEvents.map((e) => [e.actor, e.target, e.outcome]),
      [['rooty', `job/${job.id}`, 'ok']],
    );
    const grants = (await audit('action=user.update')).filter(
      (e) => e.detail?.rootAllowed === true,
    );
    assert.deepEqual(
      grants.map((e) => [e.actor, e.outcome, e.target?.startsWith('user/rooty')]),
      [['admin', 'ok', true]],
      JSON.stringify(grants),
    );
  });
  test('device nodes on a writable volume cannot be made or opened by a job', async () => {
    // Bind mounts take no nodev here; the job has no CAP_MKNOD and the device cgroup allows
    // only Docker's standard devices. The host (root) puts a kernel-log device node on it.
    const node = path.join(workRoot, 'prober', 'kmsg');
    await execFileAsync('mknod', ['-m', '0666', node, 'c', '1', '11']);
    made.push(node);
    const { job, log, seen } = await probe(prober, {
      command: [
        'mknod /work/made c 1 3 2>/dev/null && echo mknod=made || echo mknod=refused',
        'if head -c 1 /work/kmsg >/dev/null 2>/tmp/e; then echo open=read; else echo "open=refused $(cat /tmp/e)"; fi',
      ].join('; '),
      volumes: [{ name: 'work' }],
    });
    assert.equal(job.state, 'succeeded', `${JSON.stringify(job)}\n${log}`);
    assert.equal(seen.get('mknod'), 'refused', log);
    assert.match(seen.get('open') ?? log, /^refused .*Operation not permitted/);
  });

  test('a volume swapped for a symlink between submit and launch is refused at launch', async () => {
    const quota = (method: string, body?: unknown) =>
      call(stack.url, method, '/api/v1/quotas/user/prober', { token: stack.adminToken, body });
    assert.equal((await quota('PUT', { maxRunningJobs: 0 })).status, 200);
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: prober,
      body: { image: 'godocker/busybox:latest', command: 'ls /work', volumes: [{ name: 'work' }] },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const id = submitted.body.id;
    await stack.waitForJob(prober, id, (j) => j.state === 'pending');
    // While it waits, its work directory becomes a link to the victim's home.
    const real = path.join(workRoot, 'prober');
    await rename(real, `${real}-moved`);
    await symlink(victimHome, real);
    try {
      assert.equal((await quota('DELETE')).status, 200);
      const job = await stack.waitForJob(prober, id, (j) => j.finishedAt !== null);
      assert.equal(job.state, 'failed');
      assert.match(job.reason ?? '', /^LaunchFailed: MountRefused: volume 'work': .* outside /);
      assert.equal(job.startedAt, null, 'nothing ran');
      assert.deepEqual(await stack.containers(), [], 'no container was made');
    } finally {
      await rm(real);
      await rename(`${real}-moved`, real);
    }
  });
});
