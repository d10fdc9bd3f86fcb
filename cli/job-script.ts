import { readFile } from 'node:fs/promises';
import { CliFailure } from './failure';
import { readStdin } from './stdin';

/** Said whenever a submission has nothing to run. */
export const missingCommandMessage =
  'give the command after --, e.g. godocker job submit -- echo hello, or --script FILE';

/**
 * The shell script a job runs: the words of the command line joined with spaces (so
 * `-- 'echo a; exit 4'` and `-- echo a` both work), or a file's text, `-` being stdin.
 */
export async function jobScript(
  words: readonly string[],
  scriptFile: string | undefined,
): Promise<string> {
  if (scriptFile !== undefined && words.length > 0) {
    throw new CliFailure('give either a command after -- or --script FILE, not both', 'usage', 2);
  }
  if (scriptFile === undefined) {
    const command = words.join(' ');
    if (command.trim() === '') throw new CliFailure(missingCommandMessage, 'usage', 2);
    return command;
  }
  const script = await readScript(scriptFile);
  if (script.trim() === '')
    throw new CliFailure(
      `the script ${scriptFile === '-' ? 'on stdin' : scriptFile} is empty`,
      'usage',
      2,
    );
  return script;
}

async function readScript(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const why = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliFailure(`cannot read the script ${file} (${why})`, 'usage', 2);
  }
}

/**
 * The command words of `job submit`: everything after the first `--` exactly as typed (oclif's
 * own argv is re-sorted by first occurrence, which scrambles repeated words), else the loose words.
 */
export function commandWords(rawArgv: readonly string[], looseWords: readonly string[]): string[] {
  const dashes = rawArgv.indexOf('--');
  return dashes >= 0 ? rawArgv.slice(dashes + 1) : [...looseWords];
}
