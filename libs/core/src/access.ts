import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal.js';

/** Route metadata read by the identity context's global guard: the one place authorisation is decided. */
export const PUBLIC_ROUTE = 'access:public';
export const ALLOWED_ROLES = 'access:roles';

/** Anyone, signed in or not, may call this route. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only principals holding one of these roles may call this route. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);
