import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PersonalDataReadsController } from './personal-data-reads.controller.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { SecretBox } from './secret-box.js';

/** Personal-data protection, shared by every context that holds personal data or secrets. */
@Global()
@Module({
  controllers: [PersonalDataReadsController],
  providers: [
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.masterKey) },
    PersonalDataVault,
  ],
  exports: [SecretBox, PersonalDataVault],
})
export class PrivacyModule {}
