import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import type { Client } from '../clients/client.entity';
import { ClientsService, type ClientWithSecret } from '../clients/clients.service';
import { CreateClientDto } from '../clients/dto/create-client.dto';
import { UpdateClientDto } from '../clients/dto/update-client.dto';
import { refuseUnknownCommand, report } from './report';
import { checked } from './user-input';

interface CreateOptions extends ClientFieldOptions {
  type?: string;
  introspect?: boolean;
}

const commaList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** One line per client, the same fields as GET /clients. */
function describeClient(client: Client): string {
  return [
    client.clientId,
    client.type,
    client.disabled ? 'disabled' : 'enabled',
    `grants=${client.grantTypes.join(',')}`,
    `scopes=${client.scopes.join(',')}`,
    `redirect_uris=${client.redirectUris.join(',')}`,
    ...(client.postLogoutRedirectUris.length > 0
      ? [`post_logout_redirect_uris=${client.postLogoutRedirectUris.join(',')}`]
      : []),
    `consent=${client.consentRequired}`,
    `introspect=${client.mayIntrospect}`,
    JSON.stringify(client.name),
  ].join(' ');
}

/** The client, then its secret on a line of its own: shown here, and never again. */
function withSecret({ client, secret }: ClientWithSecret, what: string): string {
  const lines = [`${what} ${describeClient(client)}`];
  if (secret) lines.push(`client_secret: ${secret}`, '(shown only this once: store it now)');
  return lines.join('\n');
}

/** What `clients create` and `clients set` both take. */
interface ClientFieldOptions {
  name?: string;
  grants?: string[];
  scopes?: string[];
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  consent?: boolean;
}

/**
 * The options `clients create` and `clients set` share, declared once (nest-commander finds
 * the options of a base class too); a list given replaces the client's.
 */
@Injectable()
abstract class ClientFieldsCommand extends CommandRunner {
  constructor(protected readonly clients: ClientsService) {
    super();
  }

  @Option({ flags: '--name <name>', description: 'display name (create: the client id)' })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--grants <grants>',
    description:
      'comma-separated: authorization_code, password, refresh_token, client_credentials (create: client_credentials)',
  })
  parseGrants(value: string): string[] {
    return commaList(value);
  }

  @Option({ flags: '--scopes <scopes>', description: 'comma-separated scopes it may be granted' })
  parseScopes(value: string): string[] {
    return commaList(value);
  }

  @Option({
    flags: '--redirect-uris <uris>',
    description: 'comma-separated redirect URIs (needed for authorization_code)',
  })
  parseRedirectUris(value: string): string[] {
    return commaList(value);
  }

  @Option({
    flags: '--post-logout-redirect-uris <uris>',
    description: 'comma-separated URIs /logout may send the user back to',
  })
  parsePostLogoutRedirectUris(value: string): string[] {
    return commaList(value);
  }

  @Option({ flags: '--no-consent', description: 'users are not asked to approve its scopes' })
  parseNoConsent(): boolean {
    return false;
  }
}

@SubCommand({
  name: 'create',
  arguments: '<clientId>',
  description: 'Register a client; a confidential one gets a secret, printed once',
})
export class CreateClientCommand extends ClientFieldsCommand {
  async run([clientId]: string[], options: CreateOptions = {}): Promise<void> {
    await report(async () => {
      const input = checked(CreateClientDto, {
        clientId,
        name: options.name ?? clientId,
        type: options.type ?? 'confidential',
        grantTypes: options.grants ?? ['client_credentials'],
        scopes: options.scopes ?? [],
        redirectUris: options.redirectUris ?? [],
        postLogoutRedirectUris: options.postLogoutRedirectUris ?? [],
        consentRequired: options.consent ?? true,
        mayIntrospect: options.introspect ?? false,
      });
      return withSecret(await this.clients.create(input), 'created');
    });
  }

  @Option({ flags: '--type <type>', description: 'confidential (default) or public' })
  parseType(value: string): string {
    return value;
  }

  @Option({ flags: '--introspect', description: 'may call POST /introspect' })
  parseIntrospect(): boolean {
    return true;
  }
}

@SubCommand({ name: 'list', description: 'List the registered clients, oldest first' })
export class ListClientsCommand extends CommandRunner {
  constructor(private readonly clients: ClientsService) {
    super();
  }

  async run(): Promise<void> {
    await report(async () => {
      const clients = await this.clients.list({ limit: 1000, offset: 0 });
      return clients.length === 0 ? '(no clients)' : clients.map(describeClient).join('\n');
    });
  }
}

/** enable and disable: the same change with the opposite value. */
@Injectable()
abstract class SwitchClientCommand extends CommandRunner {
  protected abstract readonly disabled: boolean;

  constructor(private readonly clients: ClientsService) {
    super();
  }

  async run([clientId]: string[]): Promise<void> {
    await report(async () => {
      const client = await this.clients.update(clientId, { disabled: this.disabled });
      return `${this.disabled ? 'disabled' : 'enabled'} ${client.clientId}`;
    });
  }
}

@SubCommand({
  name: 'disable',
  arguments: '<clientId>',
  description: 'Stop a client getting tokens; its sessions end and its tokens stop working',
})
export class DisableClientCommand extends SwitchClientCommand {
  protected readonly disabled = true;
}

@SubCommand({ name: 'enable', arguments: '<clientId>', description: 'Let a client in again' })
export class EnableClientCommand extends SwitchClientCommand {
  protected readonly disabled = false;
}

@SubCommand({
  name: 'rotate-secret',
  arguments: '<clientId>',
  description: 'Give a confidential client a new secret, printed once; the old one stops working',
})
export class RotateClientSecretCommand extends CommandRunner {
  constructor(private readonly clients: ClientsService) {
    super();
  }

  async run([clientId]: string[]): Promise<void> {
    await report(async () => withSecret(await this.clients.rotateSecret(clientId), 'rotated'));
  }
}

@SubCommand({
  name: 'set',
  arguments: '<clientId>',
  description: 'Change a client: name, grants, scopes, redirect URIs, consent (what is given)',
})
export class SetClientCommand extends ClientFieldsCommand {
  async run([clientId]: string[], options: ClientFieldOptions = {}): Promise<void> {
    await report(async () => {
      const changes = checked(UpdateClientDto, {
        name: options.name,
        grantTypes: options.grants,
        scopes: options.scopes,
        redirectUris: options.redirectUris,
        postLogoutRedirectUris: options.postLogoutRedirectUris,
        consentRequired: options.consent,
      });
      return `updated ${describeClient(await this.clients.update(clientId, changes))}`;
    });
  }

  @Option({ flags: '--consent', description: 'users approve its scopes on the consent page' })
  parseConsent(): boolean {
    return true;
  }
}

/** Every `clients` subcommand. */
export const CLIENT_SUBCOMMANDS = [
  CreateClientCommand,
  ListClientsCommand,
  SetClientCommand,
  DisableClientCommand,
  EnableClientCommand,
  RotateClientSecretCommand,
];

@Command({
  name: 'clients',
  description: 'Register, list, enable and disable OAuth2 clients, and rotate their secrets',
  subCommands: CLIENT_SUBCOMMANDS,
})
export class ClientsCommand extends CommandRunner {
  run(args: string[]): Promise<void> {
    return refuseUnknownCommand(() => this.command.outputHelp(), args);
  }
}
