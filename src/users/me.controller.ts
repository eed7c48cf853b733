import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scopes } from '@scopegate/resource-server';
import { CurrentUser } from '../core/current-user.decorator';
import { UserDto } from './dto/user.dto';
import type { User } from './user.entity';

/** The caller's own account (the tutorial's `/users/me/`). */
@ApiTags('users')
@Scopes('me')
@Controller('users/me')
export class MeController {
  /** The current user. */
  @Get()
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ description: 'The current user', type: UserDto })
  me(@CurrentUser() user: User): UserDto {
    return UserDto.from(user);
  }
}
