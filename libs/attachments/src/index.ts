export * from './upload.js';
export * from './inspection.js';
export * from './request-uploads.js';
export * from './attachments.service.js';
export * from './attachments.module.js';
