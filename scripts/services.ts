import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// Explicit /index: './services' would resolve to this very file.
import {
  adminAnswers,
  bootstrapServices,
  DEFAULT_DOCKER_SOCKET,
  DETACHED_SERVICES,
  dockerAnswers,
  livePid,
  mariaDbPaths,
  pidFilePath,
  stopRecordedService,
  temporalAnswers,
  temporalVenvDir,
} from './services/index';
import { findExecutable } from './services/command';

const USAGE = 'usage: node dist/scripts/services.js up|down|status';
const PORTS = { mariadbPort: 3307, temporalPort: 7233, temporalUiPort: 8233 };

// Compiled to dist/scripts/services.js, two levels below the repository root.
const repoRoot = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.GODOCKER_DATA_DIR ?? join(repoRoot, '.godocker'));
const log = (line: string): void => console.log(line);

async function up(): Promise<void> {
  const services = await bootstrapServices({ dataDir, repoRoot, ...PORTS, log });
  const maskedUrl = services.mysqlUrl.replace(/:[^:@/]+@/, ':***@');
  log(`MariaDB   ${maskedUrl} (password in ${mariaDbPaths(dataDir).secret})`);
  log(`Temporal  ${services.temporalAddress}, UI ${services.temporalUiUrl}`);
  log(`Docker    ${services.docker.socketPath}, default image ${services.busyboxImage.image}`);
}

async function down(): Promise<void> {
  for (const spec of DETACHED_SERVICES) {
    const pid = await stopRecordedService(dataDir, spec);
    log(
      pid === undefined
        ? `${spec.name}: not running from ${dataDir}`
        : `${spec.name}: stopped (pid ${pid})`,
    );
  }
}

async function status(): Promise<void> {
  for (const spec of DETACHED_SERVICES) {
    const pid = livePid(pidFilePath(dataDir, spec.name), spec.binaryName);
    const owner =
      pid === undefined
        ? 'not started from this data dir'
        : `started from this data dir, pid ${pid}`;
    const answers = (await answerProbes.get(spec.name)?.()) ?? false;
    log(`${spec.name}: ${answers ? 'answers' : 'does not answer'}; ${owner}`);
  }
}

// status must not install anything, so Temporal is probed only with a CLI that is already there.
const answerProbes = new Map<string, () => Promise<boolean>>([
  ['docker', () => dockerAnswers(DEFAULT_DOCKER_SOCKET)],
  ['mariadb', () => adminAnswers(mariaDbPaths(dataDir).socket)],
  [
    'temporal',
    async () => {
      const venvBinary = join(temporalVenvDir(repoRoot), 'bin', 'temporal');
      const binary =
        findExecutable('temporal') ?? (existsSync(venvBinary) ? venvBinary : undefined);
      return (
        binary !== undefined && (await temporalAnswers(binary, `127.0.0.1:${PORTS.temporalPort}`))
      );
    },
  ],
]);

const commands = new Map<string, () => Promise<void>>([
  ['up', up],
  ['down', down],
  ['status', status],
]);
const command = commands.get(process.argv[2] ?? '');
if (command === undefined) {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  command().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
