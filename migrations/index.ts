import type { MigrationInterface } from 'typeorm';
import { Audit1795000000001 } from './1795000000001-audit.js';
import { Identity1795000000002 } from './1795000000002-identity.js';
import { Privacy1795000000003 } from './1795000000003-privacy.js';
import { Deadlines1795000000004 } from './1795000000004-deadlines.js';
import { Notifications1795000000005 } from './1795000000005-notifications.js';
import { Intake1795000000008 } from './1795000000008-intake.js';
import { Documents1795000000006 } from './1795000000006-documents.js';
import { Cases1795000000007 } from './1795000000007-cases.js';
import { SuperComplaintsEligibleEntities1795000000011 } from './1795000000011-super-complaints.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const ALL_MIGRATIONS: MigrationClass[] = [Audit1795000000001, Identity1795000000002, Privacy1795000000003, Deadlines1795000000004, Notifications1795000000005, Intake1795000000008, Documents1795000000006, Cases1795000000007, SuperComplaintsEligibleEntities1795000000011];
