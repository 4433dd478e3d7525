import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DocumentPagesController } from './document-pages.controller.js';
import { DocumentRenderer } from './document-renderer.js';
import { DocumentStore } from './document-store.js';
import { DocumentsController } from './documents.controller.js';

/**
 * Letters and notices: templates, previews, and issued documents stored immutably on the case.
 * The HTTP application imports forHttp() (API and pages, which need WebModule); a worker that
 * issues documents would import forWorker().
 */
@Global()
@Module({
  providers: [{ provide: DocumentRenderer, useFactory: () => new DocumentRenderer() }, DocumentStore],
  exports: [DocumentRenderer, DocumentStore],
})
export class DocumentsModule {
  static forHttp(): DynamicModule {
    return { module: DocumentsModule, controllers: [DocumentsController, DocumentPagesController] };
  }

  static forWorker(): DynamicModule {
    return { module: DocumentsModule };
  }
}
