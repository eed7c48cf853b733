import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { KeyStore } from '../keys/key-store';
import { refuseUnknownCommand, report } from './report';

@SubCommand({ name: 'list', description: 'List the signing keys and their states' })
export class ListKeysCommand extends CommandRunner {
  constructor(private readonly keys: KeyStore) {
    super();
  }

  async run(): Promise<void> {
    await report(async () =>
      (await this.keys.list())
        .map(
          (key) =>
            `${key.kid} ${key.algorithm} ${key.state} activates=${key.activatesAt.toISOString()} retires=${key.retiresAt?.toISOString() ?? '-'}`,
        )
        .join('\n'),
    );
  }
}

@SubCommand({
  name: 'rotate',
  description: 'Publish a new signing key per algorithm; each signs after KEY_PUBLISH_AHEAD',
})
export class RotateKeysCommand extends CommandRunner {
  constructor(private readonly keys: KeyStore) {
    super();
  }

  async run(): Promise<void> {
    await report(async () => {
      const keys = await this.keys.rotate();
      return keys
        .map(
          (key) =>
            `published ${key.kid} ${key.algorithm}, signing from ${key.activatesAt.toISOString()}`,
        )
        .join('\n');
    });
  }
}

/** Every `keys` subcommand. */
export const KEY_SUBCOMMANDS = [ListKeysCommand, RotateKeysCommand];

@Command({
  name: 'keys',
  description: 'List and rotate the signing keys',
  subCommands: KEY_SUBCOMMANDS,
})
export class KeysCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    return refuseUnknownCommand(() => this.command.outputHelp(), args);
  }
}
