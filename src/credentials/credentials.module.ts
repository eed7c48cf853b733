import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';

/**
 * argon2id for every secret Scopegate checks: users' passwords and clients' secrets share one
 * `PasswordHasher`, so one bound limits all of the hashing work of the process.
 */
@Module({
  providers: [PasswordHasher],
  exports: [PasswordHasher],
})
export class CredentialsModule {}
