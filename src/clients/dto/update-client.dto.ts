import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateClientDto } from './create-client.dto';

/** Every field but the id and the type, all optional; `disabled: true` ends its sessions. */
export class UpdateClientDto extends PartialType(
  OmitType(CreateClientDto, ['clientId', 'type'] as const),
) {}
