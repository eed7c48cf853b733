import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { User } from '../../users/user.entity';
import { PasswordLogin } from './password-login';

/** The password grant's credentials, checked by passport-local; `false` becomes `invalid_grant`. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly login: PasswordLogin) {
    super({ session: false });
  }

  async validate(username: string, password: string): Promise<User | false> {
    return (await this.login.check(username, password)) ?? false;
  }
}
