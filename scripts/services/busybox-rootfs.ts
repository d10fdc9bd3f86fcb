import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './command';

/** Where Debian's busybox-static installs (the dynamic `busybox` package too, hence {@link isStaticElf}). */
export const DEBIAN_BUSYBOX = '/bin/busybox';

const PT_INTERP = 3;

/** Whether a 64-bit ELF needs no program interpreter, i.e. can run alone in a FROM-scratch image. */
export function isStaticElf(path: string): boolean {
  const elf = readFileSync(path);
  const isElf64Le =
    elf.length >= 64 && elf.readUInt32BE(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1;
  if (!isElf64Le) return false;
  const tableOffset = Number(elf.readBigUInt64LE(0x20));
  const entrySize = elf.readUInt16LE(0x36);
  const entries = elf.readUInt16LE(0x38);
  for (let i = 0; i < entries; i++) {
    if (elf.readUInt32LE(tableOffset + i * entrySize) === PT_INTERP) return false;
  }
  return true;
}

const DOCKERFILE = `FROM scratch
COPY rootfs/ /
ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin
LABEL org.godocker.catalog="true"
CMD ["/bin/sh"]
`;

// Jobs run as arbitrary uids; these two entries only give `id` and `ls -l` names for the usual ones.
const PASSWD =
  'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** Writes a build context (Dockerfile + rootfs/) for a busybox image: binary, applet links, /tmp, passwd. */
export async function writeBusyboxContext(contextDir: string, busybox: string): Promise<void> {
  const rootfs = join(contextDir, 'rootfs');
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'tmp']) {
    mkdirSync(join(rootfs, dir), { recursive: true });
  }
  copyFileSync(busybox, join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  // Explicit modes: the umask must not decide whether non-root jobs can write /tmp.
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  chmodSync(join(rootfs, 'root'), 0o700);
  for (const applet of await appletPaths(busybox)) {
    symlinkSync('/bin/busybox', join(rootfs, applet));
  }
  writeFileSync(join(rootfs, 'etc', 'passwd'), PASSWD);
  writeFileSync(join(rootfs, 'etc', 'group'), GROUP);
  writeFileSync(join(contextDir, 'Dockerfile'), DOCKERFILE);
}

// `--list-full` names each applet with its usual directory (bin/sh, usr/bin/id, sbin/mount); Debian's
// list also has bin/busybox itself and a top-level linuxrc, which must not become links.
async function appletPaths(busybox: string): Promise<string[]> {
  const { stdout } = await runCommand(busybox, ['--list-full']);
  const paths = stdout.split('\n').map((line) => line.trim());
  return [...new Set(paths)].filter((path) => path.includes('/') && path !== 'bin/busybox');
}
