import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from '@app/core';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { loggingModule } from './logging/logging.module.js';

/** Configuration, clock, database, logging and health: what every context relies on. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: { http?: boolean } = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        loggingModule(config.logLevel),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl as string, config.databasePoolSize),
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 500,
        }),
        TerminusModule,
      ],
      controllers: options.http === false ? [] : [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
