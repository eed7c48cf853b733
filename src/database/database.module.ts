import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, type DatabaseConfig } from '../config/database.config';
import { assertMigrationsOnly, dataSourceOptions } from './data-source-options';

/** The one TypeORM connection; feature modules register their entities with `forFeature`. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: DatabaseConfig) =>
        assertMigrationsOnly({
          ...dataSourceOptions(config),
          autoLoadEntities: true,
          retryAttempts: 0,
        }),
    }),
  ],
})
export class DatabaseModule {}
