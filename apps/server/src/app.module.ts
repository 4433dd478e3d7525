import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { PlatformModule, type AppConfig } from '@app/platform';
import { PrivacyModule } from '@app/privacy';

/** The HTTP application: API under /api/v1, pages for people, health and OpenAPI. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), AuditModule, PrivacyModule],
    };
  }
}
