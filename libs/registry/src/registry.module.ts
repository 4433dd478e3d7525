import { Module } from '@nestjs/common';
import { RegistryController } from './http/registry.controller.js';
import { RegistryRepository } from './registry.repository.js';
import { ServiceRegistry } from './service-registry.js';

/** The online-service registry: providers, services, domains (primary, mirror, successor) and app identifiers. */
@Module({ controllers: [RegistryController], providers: [RegistryRepository, ServiceRegistry], exports: [ServiceRegistry] })
export class RegistryModule {}
