export * from './domain/url-normalisation.js';
export * from './domain/vocabulary.js';
export * from './service-registry.js';
export * from './registry.module.js';
