import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { ApiClient } from '../client/api-client';
import { configFilePath, readSavedLogin, type SavedLogin } from './config-file';
import { defaultApiUrl, resolveCredentials } from './credentials';
import { CliFailure, toCliFailure } from './failure';

/** The parsed flags of a command, its own and the shared ones. */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

/** The parsed arguments of a command. */
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * What every command shares: `--url`, `--json`, the login, an API client, and errors shown as
 * one line (exit 1) instead of a stack trace. Subclasses only parse, call and print.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    url: Flags.string({
      env: 'GODOCKER_URL',
      helpGroup: 'GLOBAL',
      summary: `Go-Docker server; defaults to the one you logged in to, else ${defaultApiUrl}`,
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Words that are neither flags nor declared arguments (only commands with `strict = false` get any). */
  protected extraArgv: string[] = [];

  override async init(): Promise<void> {
    await super.init();
    const { args, flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.extraArgv = argv.map(String);
  }

  /** The config file of this user (`$XDG_CONFIG_HOME/godocker/config.json`). */
  protected get configFile(): string {
    return configFilePath(this.config.configDir);
  }

  /** The login saved by `godocker login`, if any. */
  protected savedLogin(): Promise<SavedLogin> {
    return readSavedLogin(this.configFile);
  }

  /** The server URL this invocation talks to. */
  protected async serverUrl(): Promise<string> {
    return resolveCredentials(this.flags.url, undefined, await this.savedLogin()).url;
  }

  /** An API client with the user's token; fails with how to log in when there is none. */
  protected async client(): Promise<ApiClient> {
    const credentials = resolveCredentials(
      this.flags.url,
      process.env.GODOCKER_TOKEN,
      await this.savedLogin(),
    );
    if (!credentials.token) {
      const why = credentials.savedFor
        ? ` to ${credentials.url} (the saved login is for ${credentials.savedFor})`
        : '';
      throw new CliFailure(
        `not logged in${why}: run \`godocker login\` (or set GODOCKER_TOKEN)`,
        'not_logged_in',
      );
    }
    return new ApiClient(credentials.url, credentials.token);
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const mapped = toCliFailure(error);
    if (this.jsonEnabled()) {
      // oclif prints the error as JSON instead of rethrowing, and would exit 1 even on usage errors.
      process.exitCode = mapped instanceof Errors.CLIError ? (mapped.oclif.exit ?? 1) : 1;
      return super.catch(mapped instanceof Error ? mapped : error);
    }
    if (!(mapped instanceof CliFailure)) return super.catch(error);
    // One unwrapped line (oclif would wrap it at 80 columns): greppable, and fine in a log.
    this.logToStderr(`Error: ${mapped.message}`);
    return this.exit(mapped.oclif.exit ?? 1);
  }

  /** `--json` errors in the API's own shape, so scripts handle both alike. */
  protected override toErrorJson(error: unknown): unknown {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof CliFailure ? error.reason : 'error';
    return { error: { code, message } };
  }
}
