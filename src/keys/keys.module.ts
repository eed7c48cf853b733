import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScopesModule } from '../scopes/scopes.module';
import { KeyStore } from './key-store';
import { KEYS_SCOPES } from './keys.scopes';
import { KeysController } from './keys.controller';
import { SigningKeyRecord } from './signing-key.entity';

/** The signing keys: stored encrypted, published as a JWKS, rotated on request. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SigningKeyRecord]),
    ScopesModule.forFeature('KeysModule', KEYS_SCOPES),
  ],
  controllers: [KeysController],
  providers: [KeyStore],
  exports: [KeyStore],
})
export class KeysModule {}
