export * from './database.js';
export * from './app.js';
