import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import { Scopes } from '../scopes/scopes.decorator';
import { UserDto } from './dto/user.dto';
import type { User } from './user.entity';

/** The caller's own account (the tutorial's `/users/me/`). */
@ApiTags('users')
@Scopes('me')
@Controller('users/me')
export class MeController {
  /** The current user. */
  @Get()
  me(@CurrentUser() user: User): UserDto {
    return UserDto.from(user);
  }
}
