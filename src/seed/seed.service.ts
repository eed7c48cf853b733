import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { seedConfig, type SeedConfig } from '../config/seed.config';
import { ClientsService, type NewClient } from '../clients/clients.service';
import { ItemsService } from '../items/items.service';
import { ADMIN_SCOPE } from '../scopes/scopes.module';
import { UsersService, type NewUser } from '../users/users.service';

/** The tutorial's users (README, Quick start). Their passwords are public: never in production. */
export const DEMO_USERS: readonly NewUser[] = [
  {
    username: 'johndoe',
    password: 'secret',
    fullName: 'John Doe',
    email: 'johndoe@example.com',
    scopes: ['me', 'items', 'items:read', 'items:write'],
  },
  {
    username: 'alice',
    password: 'secretalice',
    fullName: 'Alice Wonderson',
    email: 'alice@example.com',
    scopes: ['me', 'items'],
    disabled: true,
  },
];

/** The demo service client (docs/http-contract.md, Clients); its secret is public too. */
export const DEMO_CLIENT: NewClient = {
  clientId: 'demo-service',
  name: 'Demo service',
  type: 'confidential',
  grantTypes: ['client_credentials'],
  scopes: ['items:read'],
  mayIntrospect: true,
};
export const DEMO_CLIENT_SECRET = 'demo-service-secret';

/** The demo single-page app: a public client of the authorization-code flow, with consent. */
export const DEMO_SPA: NewClient = {
  clientId: 'demo-spa',
  name: 'Demo single-page app',
  type: 'public',
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['me', 'items', 'items:read'],
  redirectUris: ['http://127.0.0.1/callback', 'https://demo-spa.example/callback'],
  postLogoutRedirectUris: ['https://demo-spa.example/signed-out'],
  consentRequired: true,
};

export const DEMO_ITEMS: Readonly<Record<string, readonly string[]>> = {
  johndoe: ['Foo', 'Bar'],
};

/**
 * First-start data, created only while the database has no user at all: the administrator
 * (password from `ADMIN_PASSWORD`, or generated and printed once), then the demo data: users,
 * items and the `demo-service` and `demo-spa` clients.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly users: UsersService,
    private readonly items: ItemsService,
    private readonly clients: ClientsService,
    @Inject(seedConfig.KEY) private readonly config: SeedConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    try {
      await this.createAdmin();
      if (this.config.demoData) await this.createDemoData();
    } catch (error) {
      // Another instance seeded the same empty database at the same moment.
      if (error instanceof ConflictException) return;
      throw error;
    }
  }

  private async createAdmin(): Promise<void> {
    const { adminUsername: username, adminPassword } = this.config;
    if (!adminPassword && this.config.isProduction) {
      this.logger.warn(
        'No user exists and ADMIN_PASSWORD is not set: no administrator was created',
      );
      return;
    }
    const password = adminPassword ?? randomBytes(18).toString('base64url');
    await this.users.create({
      username,
      password,
      scopes: [ADMIN_SCOPE],
      fullName: 'Administrator',
    });
    if (!adminPassword) {
      // Deliberately not through the logger: the one time this password is ever shown.
      process.stdout.write(
        `\nCreated administrator "${username}" with password: ${password}\n` +
          'It is shown only this once; set ADMIN_PASSWORD to choose it instead.\n\n',
      );
    }
  }

  private async createDemoData(): Promise<void> {
    for (const demo of DEMO_USERS) {
      const user = await this.users.create(demo);
      for (const title of DEMO_ITEMS[demo.username] ?? []) {
        await this.items.create(user.id, { title });
      }
    }
    await this.clients.create(DEMO_CLIENT, DEMO_CLIENT_SECRET);
    await this.clients.create(DEMO_SPA);
    this.logger.log(
      `Demo data loaded: ${DEMO_USERS.map((user) => user.username).join(', ')}, clients ${DEMO_CLIENT.clientId} and ${DEMO_SPA.clientId}`,
    );
  }
}
