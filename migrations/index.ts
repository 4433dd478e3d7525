import type { MigrationInterface } from 'typeorm';
import { Audit1795000000001 } from './1795000000001-audit.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const ALL_MIGRATIONS: MigrationClass[] = [Audit1795000000001];
