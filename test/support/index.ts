export * from './database.js';
export * from './app.js';
export * from './auth.js';
