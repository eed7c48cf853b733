import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService } from '../users/users.service';
import type { User } from '../users/user.entity';

/** Checks the password grant's credentials; `false` becomes `invalid_grant`. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super({ session: false });
  }

  async validate(username: string, password: string): Promise<User | false> {
    return (await this.users.authenticate(username, password)) ?? false;
  }
}
