import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { DomainError } from '../../core/errors';
import type { ExecSession, ExecSpec } from '../../core/executor';
import { onFrames } from './demux';

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

/** Splits Docker's multiplexed exec frames into stdout and stderr. */
function demuxInto(source: Duplex, stdout: PassThrough, stderr: PassThrough): void {
  onFrames(source, (stream, payload) => (stream === 'stderr' ? stderr : stdout).write(payload));
}

// The hijacked connection ends a moment before Docker records the exit code.
async function finalExitCode(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the process still runs after its output ended');
}

/**
 * Sets the terminal's first size. `ConsoleSize` at start does that from Docker API 1.42 on; older
 * daemons drop it silently and the shell starts at 0x0. The process may not run yet when the
 * start call returns, so a refused resize is tried again a few times.
 */
async function initialSize(exec: Docker.Exec, size: { rows: number; cols: number }) {
  for (let attempt = 1; ; attempt++) {
    try {
      await exec.resize({ h: size.rows, w: size.cols });
      return;
    } catch {
      // The terminal still works at its default size; the client's next resize fixes it.
      if (attempt === 5) return;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * Starts a process in a running container through Docker's exec API, on a hijacked connection
 * (stdin in, output out). The process runs as the spec's uid:gid inside the container's
 * namespaces, cgroup, capability set, seccomp profile and no-new-privileges: exec cannot give it
 * more than the container has, and `Privileged` is refused explicitly.
 */
export async function dockerExec(
  docker: Docker,
  name: string,
  spec: ExecSpec,
): Promise<ExecSession> {
  let exec: Docker.Exec;
  try {
    exec = await docker.getContainer(name).exec({
      Cmd: spec.cmd,
      Tty: spec.tty,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      User: `${spec.uid}:${spec.gid}`,
      WorkingDir: spec.workingDir,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Privileged: false,
    });
  } catch (error) {
    // 404: no such container; 409: it is not running. Either way there is nothing to attach to.
    if (statusCode(error) === 404 || statusCode(error) === 409) {
      throw new DomainError('conflict', `container ${name} is not running`);
    }
    throw error;
  }
  const socket: Duplex = await exec.start({
    hijack: true,
    stdin: true,
    Tty: spec.tty,
    ...(spec.size ? { ConsoleSize: [spec.size.rows, spec.size.cols] } : {}),
  });
  if (spec.tty && spec.size) await initialSize(exec, spec.size);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (spec.tty) socket.pipe(stdout);
  else demuxInto(socket, stdout, stderr);
  const ended = new Promise<void>((resolve) => {
    socket.once('close', resolve);
    socket.once('end', resolve);
  }).then(() => {
    stdout.end();
    stderr.end();
  });
  if (spec.tty) stderr.end();
  socket.on('error', () => socket.destroy());
  const stdin = new PassThrough();
  stdin.pipe(socket);
  let exitCode: Promise<number> | undefined;
  return {
    stdin,
    stdout,
    stderr,
    resize: async (rows, cols) => {
      await exec.resize({ h: rows, w: cols });
    },
    exitCode() {
      exitCode ??= ended.then(() => finalExitCode(exec));
      return exitCode;
    },
    close: () => socket.destroy(),
  };
}
