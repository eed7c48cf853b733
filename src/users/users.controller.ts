import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Scopes } from '@scopegate/resource-server';
import { HttpErrorDto } from '../http/http-error.dto';
import { PageQueryDto, pageOf } from '../http/page-query.dto';
import { CreateUserDto } from './dto/create-user.dto';
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
  @ApiOperation({ summary: 'List accounts, oldest first' })
  @ApiOkResponse({ description: 'The accounts', type: [UserDto] })
  @ApiBadRequestResponse({ description: 'limit or offset is out of range', type: HttpErrorDto })
  @Scopes('users:read')
  async list(@Query() query: PageQueryDto): Promise<UserDto[]> {
    const users = await this.users.list(pageOf(query));
    return users.map((user) => UserDto.from(user));
  }

  /** One account. */
  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ description: 'The account', type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: HttpErrorDto })
  @ApiNotFoundResponse({ description: 'No such user', type: HttpErrorDto })
  @Scopes('users:read')
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.getById(id));
  }

  /** Creates an account; `scopes` must all be in the catalog. 409 if the username is taken. */
  @Post()
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ description: 'The new account', type: UserDto })
  @ApiBadRequestResponse({
    description: 'The body is invalid or names an unknown scope',
    type: HttpErrorDto,
  })
  @ApiConflictResponse({ description: 'The username is taken', type: HttpErrorDto })
  @Scopes('users:write')
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(body));
  }

  /** Changes an account: scopes, password, profile, or `disabled` (which revokes its tokens). */
  @Patch(':id')
  @ApiOperation({ summary: 'Change an account (scopes, password, profile, disabled)' })
  @ApiOkResponse({ description: 'The account', type: UserDto })
  @ApiBadRequestResponse({ description: 'The id or the body is invalid', type: HttpErrorDto })
  @ApiNotFoundResponse({ description: 'No such user', type: HttpErrorDto })
  @Scopes('users:write')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body));
  }
}
