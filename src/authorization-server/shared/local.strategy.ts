import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService } from '../../users/users.service';
import type { User } from '../../users/user.entity';
import { AccountLockout } from './account-lockout';

/**
 * Checks the password grant's credentials; `false` becomes `invalid_grant`. The account rule
 * lives here, where the outcome is known: failures count, a success forgets them, and a locked
 * account is answered like a wrong password, after the same argon2 work.
 */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: AccountLockout,
  ) {
    super({ session: false });
  }

  async validate(username: string, password: string): Promise<User | false> {
    if (await this.lockout.isLocked(username)) {
      await this.users.refuseWithoutChecking(password);
      return false;
    }
    const user = await this.users.authenticate(username, password);
    if (user) await this.lockout.recordSuccess(username);
    else await this.lockout.recordFailure(username);
    return user ?? false;
  }
}
