import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';

/**
 * The checks of what callers present: argon2id for users' passwords (one `PasswordHasher`, so
 * one bound limits all of the hashing work of the process; it also checks the argon2 hashes of
 * client secrets written before digests), and SHA-256 digests for clients' secrets
 * (`secret-digest.ts`: random secrets need no slow hash).
 */
@Module({
  providers: [PasswordHasher],
  exports: [PasswordHasher],
})
export class CredentialsModule {}
