/**
 * Every error Leadloop throws on purpose, in one place. Each says, in words
 * a person can act on, what is wrong; the edges (main.ts, the job runner,
 * Slack listeners) decide how to show it.
 */

/** A setting is missing or malformed: start-up stops with this one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Something Leadloop needs at start-up is not there (database, Slack, a port, the definition file): one line, then exit. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A post that retrying will not fix (wrong channel, app not invited, bad token): `fix` says what an admin must do. */
export class PermanentPostError extends Error {
  constructor(
    readonly code: string,
    readonly fix: string,
  ) {
    super(`${code}: ${fix}`);
    this.name = 'PermanentPostError';
  }
}
