import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { SecretBox } from './secret-box.js';

/** Personal-data protection primitives, shared by every context that holds personal data or secrets. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.masterKey) }],
  exports: [SecretBox],
})
export class PrivacyModule {}
