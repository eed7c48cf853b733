import { Injectable } from '@nestjs/common';
import type { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { AccountLockout } from './account-lockout';

/**
 * A user's password login, whatever asks for it (the password grant today, the login page
 * next): one argon2 verification behind the account rule. Failures count, a success forgets
 * them, and a locked account is answered like a wrong password, after the same argon2 work.
 * An unknown user, a wrong password, a disabled user and a locked account are all `null`.
 */
@Injectable()
export class PasswordLogin {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: AccountLockout,
  ) {}

  async check(username: string, password: string): Promise<User | null> {
    if (await this.lockout.isLocked(username)) {
      await this.users.refuseWithoutChecking(password);
      return null;
    }
    const user = await this.users.authenticate(username, password);
    if (user) await this.lockout.recordSuccess(username);
    else await this.lockout.recordFailure(username);
    return user ?? null;
  }
}
