import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureApp, createFastifyAdapter, type AppConfig } from '@app/platform';
import { configureWeb, renderProblemPage } from '@app/web';
import { AppModule } from './app.module.js';

/** Builds the HTTP application from a validated configuration (used by main.ts). */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(config), {
    bufferLogs: true,
  });
  await configureApp(app, config, renderProblemPage);
  await configureWeb(app, config);
  return app;
}
