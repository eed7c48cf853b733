import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BrowserSessionRecord } from './browser-session.entity';
import { BrowserSessionsService } from './browser-sessions.service';
import { RefreshTokenRecord } from './refresh-token.entity';
import { RevokedTokenRecord } from './revoked-token.entity';
import { RevokedTokens } from './revoked-tokens';
import { SessionRecord } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/**
 * The life of issued tokens and logins (docs/http-contract.md: refresh, revocation, browser
 * sessions): refresh sessions and their refresh tokens, revoked access tokens, and browser
 * sessions. It ends sessions when a user or client change makes them invalid.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      SessionRecord,
      RefreshTokenRecord,
      RevokedTokenRecord,
      BrowserSessionRecord,
    ]),
  ],
  controllers: [SessionsController],
  providers: [SessionsService, BrowserSessionsService, RevokedTokens],
  exports: [SessionsService, BrowserSessionsService, RevokedTokens],
})
export class SessionsModule {}
