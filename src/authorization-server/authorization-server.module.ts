import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessTokensModule } from '../access-tokens/access-tokens.module';
import { ClientsModule } from '../clients/clients.module';
import { throttlingConfig } from '../config/throttling.config';
import { KeysModule } from '../keys/keys.module';
import { SharedState } from '../redis/shared-state';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../scopes/scopes.module';
import { OPENID_SCOPES } from './common/openid.scopes';
import { ConsentsModule } from '../consents/consents.module';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizationCodeRecord } from './common/authorization-code.entity';
import { AuthorizationCodes } from './common/authorization-codes';
import { AuthorizationFlow } from './common/authorization-flow';
import { AuthorizationRequestRecord } from './common/authorization-request.entity';
import { AuthorizationRequests } from './common/authorization-requests';
import { BrowserCookies } from './common/browser-cookies';
import { IdTokens } from './common/id-tokens';
import { ExpiredFlowRecords } from './common/expired-flow-records';
import { ConsentController } from './interaction/consent.controller';
import { LoginController } from './interaction/login.controller';
import { LogoutController } from './interaction/logout.controller';
import { AuthorizationCodeGrant } from './token/grants/authorization-code.grant';
import { UserInfoController } from './userinfo/userinfo.controller';
import { DiscoveryController } from './discovery/discovery.controller';
import { IntrospectionController } from './introspection/introspection.controller';
import { RevocationController } from './revocation/revocation.controller';
import { AccountLockout } from './common/account-lockout';
import { ClientAuthentication } from './common/client-authentication';
import { ClientAuthenticationGuard } from './common/form-endpoint';
import { LocalStrategy } from './common/local.strategy';
import { PasswordLogin } from './common/password-login';
import { TokenLookup } from './common/token-lookup';
import { TokenSigner } from './common/token-signer';
import { ClientCredentialsGrant } from './token/grants/client-credentials.grant';
import { GRANT_HANDLERS, type GrantHandler } from './common/grant-handler';
import { GrantRegistry } from './common/grant-registry';
import { PasswordGrant } from './token/grants/password.grant';
import { RefreshTokenGrant } from './token/grants/refresh-token.grant';
import { GrantAllowedGuard, TokenRequestGuard } from './token/token-request.guard';
import { TokenThrottlerGuard, tokenThrottlerOptions } from './common/token-throttler.guard';
import { TokenController } from './token/token.controller';

/** The grant handlers of `POST /token`: a new grant is one file here and one line in this list. */
const GRANTS = [AuthorizationCodeGrant, PasswordGrant, ClientCredentialsGrant, RefreshTokenGrant];

/**
 * Scopegate as an authorization server: one folder per endpoint (`authorize/`, `token/` with
 * its grant handlers, `revocation/`, `introspection/`, `discovery/`, and `interaction/` for
 * the login, consent and sign-out pages), and `common/` for what several of them use (the
 * form endpoint and client authentication, the lockout, the password check, the signer, the
 * authorization flow with its requests, codes, cookies and pages). Endpoint folders never
 * import each other.
 */
@Module({
  imports: [
    AccessTokensModule,
    UsersModule,
    KeysModule,
    ClientsModule,
    SessionsModule,
    ConsentsModule,
    TypeOrmModule.forFeature([AuthorizationRequestRecord, AuthorizationCodeRecord]),
    ScopesModule.forFeature('AuthorizationServerModule', OPENID_SCOPES),
    PassportModule,
    JwtModule.register({}),
    // Counters in process, or in Redis with REDIS_URL (shared by every instance).
    ThrottlerModule.forRootAsync({
      inject: [throttlingConfig.KEY, SharedState],
      useFactory: tokenThrottlerOptions,
    }),
  ],
  controllers: [
    AuthorizeController,
    LoginController,
    ConsentController,
    LogoutController,
    TokenController,
    RevocationController,
    IntrospectionController,
    DiscoveryController,
    UserInfoController,
  ],
  providers: [
    TokenSigner,
    ...GRANTS,
    {
      provide: GRANT_HANDLERS,
      inject: GRANTS,
      useFactory: (...handlers: GrantHandler[]) => handlers,
    },
    GrantRegistry,
    TokenLookup,
    ClientAuthentication,
    ClientAuthenticationGuard,
    AccountLockout,
    PasswordLogin,
    LocalStrategy,
    TokenRequestGuard,
    GrantAllowedGuard,
    TokenThrottlerGuard,
    AuthorizationRequests,
    AuthorizationCodes,
    IdTokens,
    AuthorizationFlow,
    BrowserCookies,
    ExpiredFlowRecords,
  ],
  exports: [GrantRegistry],
})
export class AuthorizationServerModule {}
