// Hostile job submissions: every one must be refused with a 4xx, never run, and (unless the JSON
// parser already refused the body) leave a `job.submit` refusal in the audit log. Each spec breaks
// exactly one rule on top of a body that is otherwise accepted, so the refusal it gets can only
// come from the rule it attacks; `refusal` checks that it is that rule that answered.

/** A submission that is accepted as it is (the hostile specs each change one thing in it). */
export const acceptableJob = {
  image: 'godocker/busybox:latest',
  command: 'id',
  cpus: 0.5,
  memoryMiB: 64,
} as const;

/**
 * Names the test declares before submitting: projects, a queue and catalog volumes whose host
 * paths are safe at declaration but resolve to a forbidden place for the attacker (see
 * hostile-specs.test.ts for the symlinks behind each).
 */
export const hostileNames = {
  /** A project the attacker is a member of, named like a system directory. */
  etcProject: 'etc',
  /** A project the attacker is not a member of. */
  secretProject: 'secret',
  /** A queue open only to a group the attacker is not in. */
  closedQueue: 'gpu',
  /** The only group the closed queue and the restricted volume admit. */
  closedGroup: 'physics',
  /** A plain writable volume that resolves fine (used to ask for it twice). */
  scratch: 'scratch',
  /** `<base>/etc-links/{username}`: the attacker's entry is a symlink to /etc. */
  linkEtc: 'link-etc',
  /** `<base>/victim-links/{username}`: a symlink to another user's home. */
  linkVictim: 'link-victim',
  /** `/tmp/<base>-victim-{username}` (root /tmp): a symlink to another user's home inside the root. */
  tmpVictim: 'tmp-victim',
  /** `/tmp/<base>-data-{username}` (root /tmp): a symlink to Go-Docker's data directory. */
  tmpData: 'tmp-data',
  /** `<base>/rel/{username}`: a relative symlink `../../..` climbing out of the root. */
  relEscape: 'rel-escape',
  /** `<base>/mid/{username}/sys`: a symlink in the middle of the path, to /proc. */
  midLink: 'mid-link',
  /** `<base>/rootlink/{project}` where rootlink → `/`: with project `etc` it is /etc. */
  rootLink: 'root-link',
  /** `<base>/sock/{username}`: a symlink to the Docker socket. */
  sockLink: 'sock-link',
  /** `<base>/missing/{username}`: nothing there (Docker would create it as root). */
  missing: 'missing',
  /** `{home}/escape`: a symlink the attacker made in their own home, to /etc. */
  homeEscape: 'home-escape',
  /** `{home}/peek`: a symlink the attacker made in their own home, to another user's home. */
  homePeek: 'home-peek',
  /** Go-Docker's data directory itself (config with the admin password, homes). */
  gdData: 'gd-data',
  /** Mounted at `/{project}`: with project `etc` it would hide the container's /etc. */
  projectContainerPath: 'ctr-project',
  /** Mounted at `{home}`: over the attacker's own home mount. */
  homeContainerPath: 'ctr-home',
  /**
   * `<base>/{username}`: a symlink to another user's home whose recorded path goes through a
   * symlinked directory (`<base>/home-link/<victim>` is really `<base>/home-real/<victim>`).
   */
  aliasHome: 'alias-home',
  /** Open only to the closed group. */
  restricted: 'restricted',
  /** Declared with a NUL byte in its host path (the declaration must already be refused). */
  nulPath: 'nul-path',
} as const;

/** One hostile submission and how it must be refused. */
export interface HostileSpec {
  /** What the spec tries. */
  label: string;
  /** The exact request body (compact JSON, so the audit keeps the same text). */
  text: string;
  /** What the refusal's message must say (it names the rule that answered). */
  refusal: RegExp;
  /**
   * The body as the audit must show it, when parsing changes it (duplicate keys, 1e400);
   * defaults to `text`.
   */
  auditedAs?: string;
  /**
   * The JSON parser refuses this body before the route reads it: the audit keeps the text that
   * failed to parse, or the declared size of a body too large to read.
   */
  parserRefusal?: true;
}

const n = hostileNames;

function spec(label: string, body: unknown, refusal: RegExp): HostileSpec {
  return { label, text: JSON.stringify(body), refusal };
}

/** A hostile field added to an acceptable job: refused as a field the schema does not know. */
function unknownField(label: string, field: string, value: unknown): HostileSpec {
  return spec(
    label,
    { ...acceptableJob, [field]: value },
    new RegExp(`^body: unknown fields? (.*, )?${field.replace(/[$]/g, '\\$&')}\\b`),
  );
}

function changed(label: string, change: Record<string, unknown>, refusal: RegExp): HostileSpec {
  return spec(label, { ...acceptableJob, ...change }, refusal);
}

function volumes(label: string, asked: unknown, refusal: RegExp, extra = {}): HostileSpec {
  return changed(label, { ...extra, volumes: asked }, refusal);
}

const privilegeFields: HostileSpec[] = [
  unknownField('privileged: true', 'privileged', true),
  unknownField('Privileged: true (Docker casing)', 'Privileged', true),
  unknownField('capAdd SYS_ADMIN', 'capAdd', ['SYS_ADMIN']),
  unknownField('cap_add ALL', 'cap_add', ['ALL']),
  unknownField('a raw Docker HostConfig', 'HostConfig', {
    Privileged: true,
    Binds: ['/:/host'],
    CapAdd: ['ALL'],
    PidMode: 'host',
  }),
  unknownField('securityOpt seccomp/apparmor unconfined', 'securityOpt', [
    'seccomp=unconfined',
    'apparmor=unconfined',
  ]),
  unknownField('security_opt no-new-privileges:false', 'security_opt', ['no-new-privileges:false']),
  unknownField("network: 'host'", 'network', 'host'),
  unknownField("networkMode: 'host'", 'networkMode', 'host'),
  unknownField("pid: 'host'", 'pid', 'host'),
  unknownField("ipc: 'host'", 'ipc', 'host'),
  unknownField('devices /dev/sda', 'devices', ['/dev/sda:/dev/sda:rwm']),
  unknownField("user: '0'", 'user', '0'),
  unknownField("user: '0:0'", 'User', '0:0'),
  unknownField('uid: 0', 'uid', 0),
  unknownField('gid: 0', 'gid', 0),
  unknownField("owner: 'admin'", 'owner', 'admin'),
  unknownField('ownerId of the admin', 'ownerId', 1),
  unknownField('groups: [0]', 'groups', [0]),
  unknownField('env with LD_PRELOAD', 'env', { LD_PRELOAD: '/tmp/evil.so' }),
  unknownField('binds of the host root', 'binds', ['/:/host:rw']),
  unknownField('mounts of the host root', 'mounts', [
    { type: 'bind', source: '/', target: '/host' },
  ]),
  unknownField('entrypoint override', 'entrypoint', ['/bin/sh', '-c', 'id']),
  unknownField('workingDir /', 'workingDir', '/'),
  unknownField('labels forging the owner', 'labels', { 'org.godocker.owner': 'admin' }),
  changed("interactive: 'yes' (a string)", { interactive: 'yes' }, /^body\.interactive: /),
  changed(
    'root: true without an admin grant',
    { root: true },
    /^body\.root: running as root needs an admin/,
  ),
  changed("root: 'true' (a string)", { root: 'true' }, /^body\.root:/),
  changed('root: null', { root: null }, /^body\.root:/),
];

const volumeSpecs: HostileSpec[] = [
  volumes(
    "a volume not in the catalog ('etc')",
    [{ name: 'etc' }],
    /^body\.volumes\.0\.name: no volume 'etc'/,
  ),
  volumes(
    "the built-in 'home' asked as a volume",
    [{ name: 'home' }],
    /^body\.volumes\.0\.name: no volume 'home'/,
  ),
  volumes('a volume name with ../', [{ name: '../etc' }], /^body\.volumes\.0\.name:/),
  volumes('a volume name that is a path', [{ name: '/etc' }], /^body\.volumes\.0\.name:/),
  volumes(
    'a volume with its own hostPath',
    [{ name: n.scratch, hostPath: '/' }],
    /^body\.volumes\.0: unknown field hostPath/,
  ),
  volumes(
    'a volume with its own containerPath',
    [{ name: n.scratch, containerPath: '/etc' }],
    /^body\.volumes\.0: unknown field containerPath/,
  ),
  volumes(
    'a volume asked twice',
    [{ name: n.scratch }, { name: n.scratch, readOnly: true }],
    /^body\.volumes\.1\.name: volume 'scratch' is asked twice/,
  ),
  volumes(
    '17 volumes (over the limit of 16)',
    Array.from({ length: 17 }, () => ({ name: n.scratch })),
    /^body\.volumes:/,
  ),
  volumes('volumes as an object', { name: n.scratch }, /^body\.volumes:/),
  volumes('volumes as an array of strings', [n.scratch], /^body\.volumes\.0:/),
  volumes(
    'readOnly as a string',
    [{ name: n.scratch, readOnly: 'no' }],
    /^body\.volumes\.0\.readOnly:/,
  ),
  volumes(
    'a path that is a symlink to /etc',
    [{ name: n.linkEtc }],
    /^body\.volumes\.0: .* resolves to \/etc, outside/,
  ),
  volumes(
    "a path that is a symlink to another user's home (outside the root)",
    [{ name: n.linkVictim }],
    /^body\.volumes\.0: .* outside/,
  ),
  volumes(
    "a path that is a symlink to another user's home (inside the root)",
    [{ name: n.tmpVictim }],
    /^body\.volumes\.0: .* another user's home/,
  ),
  volumes(
    "a path that is a symlink to Go-Docker's data directory",
    [{ name: n.tmpData }],
    /^body\.volumes\.0: .* Go-Docker's own data/,
  ),
  volumes(
    'a relative symlink climbing out with ../../..',
    [{ name: n.relEscape }],
    /^body\.volumes\.0: .* outside/,
  ),
  volumes(
    'a symlink in the middle of the path, to /proc',
    [{ name: n.midLink }],
    /^body\.volumes\.0: .* outside/,
  ),
  volumes(
    'a root that is a symlink to / with project etc (= /etc)',
    [{ name: n.rootLink }],
    /^body\.volumes\.0: .* \/etc is a system directory/,
    { project: n.etcProject },
  ),
  volumes(
    'a symlink to the Docker socket',
    [{ name: n.sockLink }],
    /^body\.volumes\.0: .*(outside|socket)/,
  ),
  volumes(
    'a path that does not exist (Docker would create it as root)',
    [{ name: n.missing }],
    /^body\.volumes\.0: .* does not exist/,
  ),
  volumes(
    'a symlink in my own home to /etc',
    [{ name: n.homeEscape }],
    /^body\.volumes\.0: .* outside/,
  ),
  volumes(
    "a symlink in my own home to another user's home",
    [{ name: n.homePeek }],
    /^body\.volumes\.0: .* outside/,
  ),
  volumes(
    "Go-Docker's data directory",
    [{ name: n.gdData }],
    /^body\.volumes\.0: .* Go-Docker's own data/,
  ),
  volumes(
    'a container path of /{project} with project etc (hides /etc)',
    [{ name: n.projectContainerPath }],
    /^body\.volumes\.0: .* \/etc is needed by the container itself/,
    { project: n.etcProject },
  ),
  volumes(
    'a container path over my own home',
    [{ name: n.homeContainerPath }],
    /^body\.volumes\.0: .* overlaps 'home'/,
  ),
  volumes(
    "a symlink to another user's home recorded through a symlinked directory",
    [{ name: n.aliasHome }],
    /^body\.volumes\.0: .* another user's home/,
  ),
  volumes(
    "a volume for a group I'm not in",
    [{ name: n.restricted }],
    /^body\.volumes\.0\.name: .* is for group/,
  ),
  volumes('a volume whose host path has a NUL byte', [{ name: n.nulPath }], /^body\.volumes\.0/),
];

const resourceSpecs: HostileSpec[] = [
  changed('cpus -1', { cpus: -1 }, /^body\.cpus:/),
  changed('cpus 0', { cpus: 0 }, /^body\.cpus:/),
  changed('cpus 1e9', { cpus: 1e9 }, /^body\.cpus:/),
  changed("cpus as a string '2'", { cpus: '2' }, /^body\.cpus:/),
  changed('cpus null', { cpus: null }, /^body\.cpus:/),
  {
    label: 'cpus 1e400 (Infinity once parsed)',
    text: JSON.stringify({ ...acceptableJob, name: 'inf', cpus: 'INF' }).replace('"INF"', '1e400'),
    // JSON has no Infinity: the audit's copy of the body shows null.
    auditedAs: JSON.stringify({ ...acceptableJob, name: 'inf', cpus: null }),
    refusal: /^body\.cpus:/,
  },
  changed('memoryMiB 0', { memoryMiB: 0 }, /^body\.memoryMiB:/),
  changed('memoryMiB 2**40', { memoryMiB: 2 ** 40 }, /^body\.memoryMiB:/),
  changed('memoryMiB 1.5', { memoryMiB: 1.5 }, /^body\.memoryMiB:/),
  changed("memoryMiB as a string '512'", { memoryMiB: '512' }, /^body\.memoryMiB:/),
  changed(
    'maxLifetimeSeconds over the site maximum',
    { maxLifetimeSeconds: 30 * 24 * 3600 + 1 },
    /^body\.maxLifetimeSeconds: \d+ is over the site maximum/,
  ),
  changed('maxLifetimeSeconds -1', { maxLifetimeSeconds: -1 }, /^body\.maxLifetimeSeconds:/),
  changed(
    'maxLifetimeSeconds 2**53',
    { maxLifetimeSeconds: 2 ** 53 },
    /^body\.maxLifetimeSeconds:/,
  ),
];

const commandSpecs: HostileSpec[] = [
  changed("command ''", { command: '' }, /^body\.command: command is empty/),
  changed('command null', { command: null }, /^body\.command:/),
  changed('command as an argv array', { command: ['/bin/sh', '-c', 'id'] }, /^body\.command:/),
  spec('command missing', { image: acceptableJob.image }, /^body\.command:/),
  changed(
    'a 64 KiB + 1 command (over the schema limit, under the body limit)',
    { command: 'x'.repeat(65537) },
    /^body\.command:/,
  ),
  {
    ...changed('a 1 MB command', { command: 'x'.repeat(1024 * 1024) }, /over the \d+ byte limit/),
    parserRefusal: true,
  },
];

const nameSpecs: HostileSpec[] = [
  changed('name with $(...)', { name: '$(reboot)' }, /^body\.name:/),
  changed('name with ; rm -rf /', { name: 'a; rm -rf /' }, /^body\.name:/),
  changed('name with backquotes', { name: '`id`' }, /^body\.name:/),
  changed(
    'name with a newline forging a log line',
    { name: 'x\n[audit] admin ok' },
    /^body\.name:/,
  ),
  changed('name of 101 characters', { name: 'a'.repeat(101) }, /^body\.name:/),
];

const imageSpecs: HostileSpec[] = [
  changed(
    'image docker.io/library/ubuntu (not in the catalog)',
    { image: 'docker.io/library/ubuntu' },
    /^body\.image:/,
  ),
  changed('image ubuntu (Docker Hub, short)', { image: 'ubuntu' }, /^body\.image:/),
  changed(
    'image from a registry that is not allowed',
    { image: 'evil.example.com/godocker/busybox:latest' },
    /^body\.image: images from evil\.example\.com are not allowed/,
  ),
  changed(
    'image from a registry named like the allowed one',
    { image: 'registry.godocker.test.evil.com/busybox:latest' },
    /^body\.image: images from registry\.godocker\.test\.evil\.com are not allowed/,
  ),
  changed(
    'image with the allowed registry as a path segment',
    { image: 'evil.example.com/registry.godocker.test/busybox' },
    /^body\.image: images from evil\.example\.com are not allowed/,
  ),
  changed(
    "image 'busybox;rm -rf /'",
    { image: 'busybox;rm -rf /' },
    /^body\.image: .* is not an image reference/,
  ),
  changed(
    'image in uppercase',
    { image: 'GoDocker/BusyBox:latest' },
    /^body\.image: .* is not an image reference/,
  ),
  changed(
    'image with spaces',
    { image: 'godocker/busybox :latest' },
    /^body\.image: .* is not an image reference/,
  ),
  changed(
    "image '--privileged'",
    { image: '--privileged' },
    /^body\.image: .* is not an image reference/,
  ),
  changed(
    'image smuggling docker run flags',
    { image: '-v /:/host godocker/busybox' },
    /^body\.image: .* is not an image reference/,
  ),
  changed(
    'image with a NUL byte',
    { image: 'godocker/busybox:latest\u0000' },
    /^body\.image: .* is not an image reference/,
  ),
  changed("image ''", { image: '' }, /^body\.image:/),
  changed('image as an object', { image: { name: 'godocker/busybox' } }, /^body\.image:/),
  changed('image null', { image: null }, /^body\.image:/),
];

const accountSpecs: HostileSpec[] = [
  changed('a queue that does not exist', { queue: 'nope' }, /^body\.queue: no queue 'nope'/),
  changed(
    "a queue closed to the caller's groups",
    { queue: n.closedQueue },
    /^body\.queue: queue 'gpu' is open to group/,
  ),
  changed('a queue name with ../', { queue: '../default' }, /^body\.queue:/),
  changed(
    "a project I'm not a member of",
    { project: n.secretProject },
    /^body\.project: you are not a member/,
  ),
  changed(
    'a project that does not exist',
    { project: 'nope' },
    /^body\.project: no project 'nope'/,
  ),
];

// Deep enough that serialising it again overflows a default Node stack (a few thousand levels
// already do), small enough (~100 kB) for the 256 kB body limit.
const deepDepth = 50_000;
const deep = `${'['.repeat(deepDepth)}${']'.repeat(deepDepth)}`;

const shapeSpecs: HostileSpec[] = [
  spec('the body as an array', [acceptableJob], /^body: /),
  spec('an empty array as the body', [], /^body: /),
  {
    label: '__proto__ carrying root: true',
    text: '{"image":"godocker/busybox:latest","command":"id","__proto__":{"root":true}}',
    refusal: /^body: unknown field __proto__/,
  },
  {
    label: 'constructor.prototype carrying privileged: true',
    text: '{"image":"godocker/busybox:latest","command":"id","constructor":{"prototype":{"privileged":true}}}',
    refusal: /^body: unknown field constructor/,
  },
  {
    label: '__proto__ inside a volume request',
    text: '{"image":"godocker/busybox:latest","command":"id","volumes":[{"name":"scratch","__proto__":{"readOnly":false}}]}',
    refusal: /^body\.volumes\.0: unknown field __proto__/,
  },
  {
    label: 'duplicate keys: root false, then root true',
    text: '{"image":"godocker/busybox:latest","command":"id","root":false,"root":true}',
    auditedAs: '{"image":"godocker/busybox:latest","command":"id","root":true}',
    refusal: /^body\.root: running as root needs an admin/,
  },
  {
    label: `privileged: true padded with JSON nested ${deepDepth} levels deep`,
    text: `{"image":"godocker/busybox:latest","command":"id","privileged":true,"padding":${deep}}`,
    // The audit log keeps a bounded copy: nesting past its depth limit is replaced by a marker.
    auditedAs: `{"image":"godocker/busybox:latest","command":"id","privileged":true,"padding":${'['.repeat(6)}"(nested too deep)"${']'.repeat(6)}}`,
    refusal: /^body: unknown fields privileged, padding/,
  },
  {
    label: 'JSON nested 200,000 levels deep (over the body limit)',
    text: `{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
    refusal: /over the \d+ byte limit/,
    parserRefusal: true,
  },
  {
    label: 'malformed JSON',
    text: '{"image":"godocker/busybox:latest","command":',
    refusal: /^malformed JSON body/,
    parserRefusal: true,
  },
  {
    label: 'null as the body',
    text: 'null',
    refusal: /^malformed JSON body/,
    parserRefusal: true,
  },
];

/** Every hostile spec of the corpus. */
export const hostileSpecs: readonly HostileSpec[] = [
  ...privilegeFields,
  ...volumeSpecs,
  ...resourceSpecs,
  ...commandSpecs,
  ...nameSpecs,
  ...imageSpecs,
  ...accountSpecs,
  ...shapeSpecs,
];

/** A volume declaration the API must refuse outright, whoever would use it. */
export interface HostileVolume {
  label: string;
  body: Record<string, unknown>;
  /** 400 for a path rule, 409 for the reserved name. */
  status: number;
}

function hostileVolume(
  label: string,
  name: string,
  hostPath: string,
  containerPath = '/data',
): HostileVolume {
  return { label, body: { name, hostPath, containerPath }, status: 400 };
}

/** Volume declarations refused at declaration (`safeDir` is an existing, harmless directory). */
export function hostileVolumes(safeDir: string): HostileVolume[] {
  return [
    hostileVolume('hostPath /etc', 'bad-etc', '/etc'),
    hostileVolume('hostPath /', 'bad-root', '/'),
    hostileVolume('hostPath /proc/{username}', 'bad-proc', '/proc/{username}'),
    hostileVolume('hostPath /var/run/docker.sock', 'bad-sock', '/var/run/docker.sock'),
    hostileVolume('hostPath /run/docker.sock', 'bad-run-sock', '/run/docker.sock'),
    hostileVolume('hostPath /data/../etc', 'bad-dotdot', '/data/../etc'),
    hostileVolume('hostPath {home}/../{username}', 'bad-home-dotdot', '{home}/../{username}'),
    hostileVolume('hostPath /sys/fs/cgroup', 'bad-sys', '/sys/fs/cgroup'),
    hostileVolume('hostPath /dev/shm', 'bad-dev', '/dev/shm'),
    hostileVolume('hostPath /var/lib/docker/volumes', 'bad-docker-lib', '/var/lib/docker/volumes'),
    hostileVolume('hostPath /root/.ssh', 'bad-root-home', '/root/.ssh'),
    hostileVolume('hostPath /boot', 'bad-boot', '/boot'),
    hostileVolume('hostPath //etc (doubled slash)', 'bad-double-slash', '//etc'),
    hostileVolume('hostPath /./etc/', 'bad-dot', '/./etc/'),
    hostileVolume('hostPath /{username} (root is /)', 'bad-user-at-root', '/{username}'),
    hostileVolume('hostPath /etc{username} (root is /)', 'bad-etc-prefix', '/etc{username}'),
    hostileVolume('hostPath a socket file', 'bad-sock-file', `${safeDir}/agent.sock`),
    hostileVolume('hostPath relative', 'bad-relative', 'etc/passwd'),
    hostileVolume('hostPath with an unknown placeholder', 'bad-placeholder', '/data/{env}'),
    hostileVolume('hostPath with a NUL byte', n.nulPath, `${safeDir}/nul\u0000x`),
    hostileVolume('containerPath /', 'bad-ctr-root', safeDir, '/'),
    hostileVolume('containerPath /etc', 'bad-ctr-etc', safeDir, '/etc'),
    hostileVolume('containerPath /proc/sys', 'bad-ctr-proc', safeDir, '/proc/sys'),
    hostileVolume('a volume name with ../', '../etc', safeDir),
    {
      label: "the built-in name 'home'",
      body: { name: 'home', hostPath: safeDir, containerPath: '/data' },
      status: 409,
    },
  ];
}
