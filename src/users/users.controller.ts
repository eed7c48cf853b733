import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Scopes } from '../scopes/scopes.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** User administration: accounts, the scopes they may be granted, enabling and disabling. */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Lists accounts, oldest first. */
  @Get()
  @Scopes('users:read')
  async list(@Query() query: ListUsersQueryDto): Promise<UserDto[]> {
    const users = await this.users.list(query.limit ?? 50, query.offset ?? 0);
    return users.map((user) => UserDto.from(user));
  }

  /** One account. */
  @Get(':id')
  @Scopes('users:read')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.getById(id));
  }

  /** Creates an account; `scopes` must all be in the catalog. 409 if the username is taken. */
  @Post()
  @Scopes('users:write')
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(body));
  }

  /** Changes an account: scopes, password, profile, or `disabled` (which revokes its tokens). */
  @Patch(':id')
  @Scopes('users:write')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body));
  }
}
