import { Global, Module } from '@nestjs/common';
import { Attachments } from './attachments.service.js';

/** Files sent with submissions; used by every context that takes documents from outside. */
@Global()
@Module({
  providers: [Attachments],
  exports: [Attachments],
})
export class AttachmentsModule {}
