import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ADMIN_SCOPE } from '../scopes/scopes.module';
import { SessionsService } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { refuseUnknownCommand, report } from './report';
import { CliError, PasswordInput } from './password-input';
import { checkedChanges, checkedNewUser } from './user-input';

interface CreateOptions {
  scopes?: string[];
  email?: string;
  fullName?: string;
}

const commaList = (value: string) => value.split(',').map((scope) => scope.trim());

/** Finds a user by name or refuses with a message naming it. */
async function userNamed(users: UsersService, username: string): Promise<User> {
  const user = await users.findByUsername(username);
  if (!user) throw new CliError(`No user named "${username}"`);
  return user;
}

/** A command that reads a password: the users service and the password input. */
@Injectable()
abstract class PasswordCommand extends CommandRunner {
  constructor(
    protected readonly users: UsersService,
    protected readonly passwords: PasswordInput,
  ) {
    super();
  }
}

@SubCommand({
  name: 'create',
  arguments: '<username>',
  description: 'Create a user; the password is read from standard input or a prompt',
})
export class CreateUserCommand extends PasswordCommand {
  async run([username]: string[], options: CreateOptions = {}): Promise<void> {
    await report(async () => {
      const password = await this.passwords.read(`Password for ${username}: `);
      const input = checkedNewUser({
        username,
        password,
        scopes: options.scopes,
        email: options.email,
        fullName: options.fullName,
      });
      const user = await this.users.create(input);
      return `created user ${user.username} ${user.id} scopes=${user.scopes.join(',')}`;
    });
  }

  @Option({ flags: '--scopes <scopes>', description: 'comma-separated scopes it may be granted' })
  parseScopes(value: string): string[] {
    return commaList(value);
  }

  @Option({ flags: '--email <email>', description: 'e-mail address' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--full-name <name>', description: 'full name' })
  parseFullName(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'create-admin',
  arguments: '<username>',
  description: 'Create an administrator (scope admin); the password is read as for create',
})
export class CreateAdminCommand extends PasswordCommand {
  async run([username]: string[]): Promise<void> {
    await report(async () => {
      const password = await this.passwords.read(`Password for ${username}: `);
      const user = await this.users.create(
        checkedNewUser({ username, password, scopes: [ADMIN_SCOPE], fullName: 'Administrator' }),
      );
      return `created administrator ${user.username} ${user.id}`;
    });
  }
}

@SubCommand({
  name: 'set-password',
  arguments: '<username>',
  description: "Set a user's password (their tokens issued before stop working)",
})
export class SetPasswordCommand extends PasswordCommand {
  async run([username]: string[]): Promise<void> {
    await report(async () => {
      const user = await userNamed(this.users, username);
      const password = await this.passwords.read(`New password for ${username}: `);
      await this.users.update(user.id, checkedChanges({ password }));
      return `password set for ${user.username}`;
    });
  }
}

/** enable and disable: the same change with the opposite value. */
@Injectable()
abstract class SwitchUserCommand extends CommandRunner {
  protected abstract readonly disabled: boolean;

  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    await report(async () => {
      const user = await userNamed(this.users, username);
      await this.users.update(user.id, { disabled: this.disabled });
      return `${this.disabled ? 'disabled' : 'enabled'} ${user.username}`;
    });
  }
}

@SubCommand({ name: 'enable', arguments: '<username>', description: 'Let a user log in again' })
export class EnableUserCommand extends SwitchUserCommand {
  protected readonly disabled = false;
}

@SubCommand({
  name: 'disable',
  arguments: '<username>',
  description: 'Stop a user logging in; their tokens stop working at once',
})
export class DisableUserCommand extends SwitchUserCommand {
  protected readonly disabled = true;
}

/** grant and revoke: the user's scope list, with some added or taken away. */
@Injectable()
abstract class ChangeScopesCommand extends CommandRunner {
  protected abstract change(current: readonly string[], named: readonly string[]): string[];

  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username, ...scopes]: string[]): Promise<void> {
    await report(async () => {
      const user = await userNamed(this.users, username);
      const changed = await this.users.update(
        user.id,
        checkedChanges({ scopes: this.change(user.scopes, scopes) }),
      );
      return `${changed.username} scopes=${changed.scopes.join(',')}`;
    });
  }
}

@SubCommand({
  name: 'grant',
  arguments: '<username> <scopes...>',
  description: 'Let a user be granted more scopes (each must be in the catalog)',
})
export class GrantScopesCommand extends ChangeScopesCommand {
  protected change(current: readonly string[], named: readonly string[]): string[] {
    return [...new Set([...current, ...named])];
  }
}

@SubCommand({
  name: 'revoke',
  arguments: '<username> <scopes...>',
  description: 'Take scopes away from a user (their existing tokens lose them too)',
})
export class RevokeScopesCommand extends ChangeScopesCommand {
  protected change(current: readonly string[], named: readonly string[]): string[] {
    return current.filter((scope) => !named.includes(scope));
  }
}

@SubCommand({
  name: 'end-sessions',
  arguments: '<username>',
  description:
    "End a user's sessions: their refresh tokens and the access tokens from them stop working",
})
export class EndSessionsCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    await report(async () => {
      const user = await userNamed(this.users, username);
      const ended = await this.sessions.revokeForUser(user.id);
      return `ended ${ended} session(s) of ${user.username}`;
    });
  }
}

@SubCommand({
  name: 'set-email',
  arguments: '<username> <email>',
  description: "Change a user's e-mail address (--verified: it was checked; else not verified)",
})
export class SetEmailCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username, email]: string[], options: { verified?: boolean } = {}): Promise<void> {
    await report(async () => {
      const user = await userNamed(this.users, username);
      const changes = checkedChanges({ email, emailVerified: options.verified ?? false });
      const changed = await this.users.update(user.id, changes);
      return `${changed.username} email=${changed.email} email_verified=${changed.emailVerified}`;
    });
  }

  @Option({ flags: '--verified', description: 'the address was checked (email_verified)' })
  parseVerified(): boolean {
    return true;
  }
}

/** Every `users` subcommand: the group's and the CLI module's one list. */
export const USER_SUBCOMMANDS = [
  CreateUserCommand,
  CreateAdminCommand,
  SetPasswordCommand,
  EnableUserCommand,
  DisableUserCommand,
  GrantScopesCommand,
  RevokeScopesCommand,
  SetEmailCommand,
  EndSessionsCommand,
];

@Command({
  name: 'users',
  description:
    'Create users and administrators, set passwords, enable, disable, grant scopes, end sessions',
  subCommands: USER_SUBCOMMANDS,
})
export class UsersCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    return refuseUnknownCommand(() => this.command.outputHelp(), args);
  }
}
