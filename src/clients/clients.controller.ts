import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { ClientsService } from './clients.service';
import { ClientDto, ClientWithSecretDto } from './dto/client.dto';
import { CreateClientDto } from './dto/create-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';

/** Client administration (docs/http-contract.md, Clients administration): registration, changes, disabling, secret rotation. */
@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @ApiOperation({ summary: 'List registered clients, oldest first (not the built-in one)' })
  @ApiOkResponse({ description: 'The clients', type: [ClientDto] })
  @ApiBadRequestResponse({ description: 'limit or offset is out of range', type: HttpErrorDto })
  @Scopes('clients:read')
  async list(@Query() query: PageQueryDto): Promise<ClientDto[]> {
    const clients = await this.clients.list(pageOf(query));
    return clients.map((client) => ClientDto.from(client));
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'One client (the built-in public client included)' })
  @ApiOkResponse({ description: 'The client', type: ClientDto })
  @ApiNotFoundResponse({ description: 'No such client', type: HttpErrorDto })
  @Scopes('clients:read')
  async get(@Param('clientId') clientId: string): Promise<ClientDto> {
    return ClientDto.from(await this.clients.get(clientId));
  }

  /** Registers a client; a confidential client's secret is in this answer only. */
  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Register a client; a confidential client gets its secret once' })
  @ApiCreatedResponse({ description: 'The new client and its secret', type: ClientWithSecretDto })
  @ApiBadRequestResponse({
    description:
      'The body is invalid, names an unknown scope, or gives a public client client_credentials',
    type: HttpErrorDto,
  })
  @ApiConflictResponse({ description: 'The client id is taken', type: HttpErrorDto })
  @Scopes('clients:write')
  async create(@Body() body: CreateClientDto): Promise<ClientWithSecretDto> {
    const { client, secret } = await this.clients.create(body);
    return ClientWithSecretDto.withSecret(client, secret);
  }

  @Patch(':clientId')
  @ApiOperation({ summary: 'Change a client (name, grants, scopes, introspection, disabled)' })
  @ApiOkResponse({ description: 'The client', type: ClientDto })
  @ApiBadRequestResponse({ description: 'The body is invalid', type: HttpErrorDto })
  @ApiNotFoundResponse({ description: 'No such client', type: HttpErrorDto })
  @ApiConflictResponse({ description: 'The built-in client cannot be changed', type: HttpErrorDto })
  @Scopes('clients:write')
  async update(
    @Param('clientId') clientId: string,
    @Body() body: UpdateClientDto,
  ): Promise<ClientDto> {
    return ClientDto.from(await this.clients.update(clientId, body));
  }

  /** A new secret, shown once; the old one stops working at once. */
  @Post(':clientId/secret')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Give a confidential client a new secret (shown once)' })
  @ApiOkResponse({ description: 'The client and its new secret', type: ClientWithSecretDto })
  @ApiBadRequestResponse({ description: 'The client is public', type: HttpErrorDto })
  @ApiNotFoundResponse({ description: 'No such client', type: HttpErrorDto })
  @ApiConflictResponse({ description: 'The built-in client cannot be changed', type: HttpErrorDto })
  @Scopes('clients:write')
  async rotateSecret(@Param('clientId') clientId: string): Promise<ClientWithSecretDto> {
    const { client, secret } = await this.clients.rotateSecret(clientId);
    return ClientWithSecretDto.withSecret(client, secret);
  }
}
