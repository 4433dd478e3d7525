export * from './letter-templates.js';
export * from './formatting.js';
export * from './document-renderer.js';
export * from './document-store.js';
export * from './documents.controller.js';
export * from './document-pages.controller.js';
export * from './documents.module.js';
