import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliFailure } from './failure';
import { readStdin } from './stdin';

/** Asks one question on the terminal; `hidden` keeps a password off the screen. */
export async function ask(question: string, hidden: boolean): Promise<string> {
  // A terminal-mode readline turns the tty's own echo off and echoes through `output`:
  // a muted output then shows nothing of what is typed (so the question is written aside).
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({
    input: process.stdin,
    output: hidden ? muted : process.stderr,
    terminal: true,
  });
  if (hidden) process.stderr.write(question);
  try {
    return await rl.question(hidden ? '' : question);
  } finally {
    rl.close();
    if (hidden) process.stderr.write('\n');
  }
}

/** The password for `login`: from stdin when asked, else GODOCKER_PASSWORD, else a hidden prompt. */
export async function readPassword(fromStdin: boolean, username: string): Promise<string> {
  if (fromStdin) return (await readStdin()).replace(/\r?\n$/, '');
  const fromEnv = process.env.GODOCKER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) return ask(`Password for ${username}: `, true);
  throw new CliFailure(
    'no password: use --password-stdin, set GODOCKER_PASSWORD, or run on a terminal',
    'usage',
    2,
  );
}

/** The username for `login`: the flag, else a prompt on a terminal. */
export async function readUsername(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  if (process.stdin.isTTY) return (await ask('Username: ', false)).trim();
  throw new CliFailure('no username: give --username NAME', 'usage', 2);
}
