import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentRecord } from './consent.entity';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';

/** Users' grants to clients (the consent page), and `/users/me/grants`. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentRecord])],
  controllers: [ConsentsController],
  providers: [ConsentsService],
  exports: [ConsentsService],
})
export class ConsentsModule {}
