import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { CliError } from './password-input';

/** Exit codes a script can rely on. */
export const EXIT = {
  ok: 0,
  /**
   * Refused, with one line on stderr saying why: an unknown user, invalid input, a scope not in
   * the catalog, or a command line that is not one (unknown command, missing argument).
   */
  refused: 1,
  /** The database could not be reached; nothing was changed. */
  unavailable: 3,
} as const;

/** A command group called with no subcommand shows its help; with an unknown one, refuses. */
export function refuseUnknownCommand(showHelp: () => void, args: string[]): Promise<void> {
  if (args.length === 0) {
    showHelp();
  } else {
    process.stderr.write(`error: unknown command '${args[0]}' (see --help)\n`);
    process.exitCode = EXIT.refused;
  }
  return Promise.resolve();
}

/**
 * Runs one command: its result on stdout, or one line on stderr and an exit code that says
 * what kind of failure it was. Never a stack trace, a secret or SQL.
 */
export async function report(command: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await command()}\n`);
  } catch (error) {
    const { code, message } = describe(error);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = code;
  }
}

function describe(error: unknown): { code: number; message: string } {
  if (error instanceof CliError) return { code: EXIT.refused, message: error.message };
  if (error instanceof HttpException && error.getStatus() < 500) {
    const body = error.getResponse();
    const message =
      typeof body === 'object' && body !== null && 'message' in body
        ? String(body.message)
        : error.message;
    return { code: EXIT.refused, message };
  }
  if (isDatabaseUnavailable(error)) {
    return { code: EXIT.unavailable, message: 'the database is unavailable; nothing was changed' };
  }
  return { code: EXIT.refused, message: error instanceof Error ? error.message : String(error) };
}
