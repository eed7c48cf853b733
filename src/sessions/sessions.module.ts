import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokenRecord } from './refresh-token.entity';
import { RevokedTokenRecord } from './revoked-token.entity';
import { RevokedTokens } from './revoked-tokens';
import { SessionRecord } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/**
 * The life of issued tokens (docs/http-contract.md: refresh, revocation): sessions and their refresh tokens, and revoked
 * access tokens. It ends sessions when a user or client change makes them invalid.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SessionRecord, RefreshTokenRecord, RevokedTokenRecord])],
  controllers: [SessionsController],
  providers: [SessionsService, RevokedTokens],
  exports: [SessionsService, RevokedTokens],
})
export class SessionsModule {}
