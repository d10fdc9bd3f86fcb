import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** Where the CLI remembers a login: one server and its token. */
export const savedLoginSchema = z.object({
  url: z.string().optional(),
  token: z.string().optional(),
  username: z.string().optional(),
  expiresAt: z.string().optional(),
});

/** What `config.json` holds. */
export type SavedLogin = z.infer<typeof savedLoginSchema>;

/** The config file inside oclif's config dir (`$XDG_CONFIG_HOME/godocker`, else `~/.config/godocker`). */
export function configFilePath(configDir: string): string {
  return path.join(configDir, 'config.json');
}

/** Reads the saved login; a missing file is an empty login, a broken one an error that names the file. */
export async function readSavedLogin(file: string): Promise<SavedLogin> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
    throw error;
  }
  const parsed = savedLoginSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new Error(`cannot read ${file}: fix or delete it, then run \`godocker login\``);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Saves the login readable by its owner only: the token is as good as the password. */
export async function writeSavedLogin(file: string, login: SavedLogin): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write aside then rename, so a crash never leaves half a file, and the mode holds from the start.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

/** Forgets the saved login. */
export async function removeSavedLogin(file: string): Promise<void> {
  await rm(file, { force: true });
}
