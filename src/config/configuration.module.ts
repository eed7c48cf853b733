import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config';
import { clientsConfig } from './clients.config';
import { databaseConfig } from './database.config';
import { keysConfig } from './keys.config';
import { passwordsConfig } from './passwords.config';
import { redisConfig } from './redis.config';
import { seedConfig } from './seed.config';
import { throttlingConfig } from './throttling.config';
import { authorizationConfig } from './authorization.config';
import { tokensConfig } from './tokens.config';
import { usersConfig } from './users.config';

/**
 * Every configuration namespace, global, for the HTTP application and the operator CLI alike.
 * `.env`, when present, fills in what the environment does not set.
 */
export const ConfigurationModule = ConfigModule.forRoot({
  isGlobal: true,
  load: [
    appConfig,
    databaseConfig,
    tokensConfig,
    keysConfig,
    passwordsConfig,
    throttlingConfig,
    seedConfig,
    usersConfig,
    clientsConfig,
    redisConfig,
    authorizationConfig,
  ],
});
