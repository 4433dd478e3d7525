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
import { Attachments1795000000012 } from './1795000000012-attachments.js';
import { ProviderNotices1795000000013 } from './1795000000013-provider-notices.js';
import { Penalties1795000000014 } from './1795000000014-penalties.js';
import { Disruption1795000000015 } from './1795000000015-disruption.js';
import { Publication1795000000016 } from './1795000000016-publication.js';
import { Programmes1795000000017 } from './1795000000017-programmes.js';
import { Reporting1795000000018 } from './1795000000018-reporting.js';
import { OutboxRetention1795000000021 } from './1795000000021-outbox-retention.js';
import { IntakePerformance1795000000022 } from './1795000000022-intake-performance.js';
import { UnknownAccountLockouts1795000000023 } from './1795000000023-unknown-account-lockouts.js';
import { ReportingSpeed1795000000024 } from './1795000000024-reporting-speed.js';
import { TimelineCheckpoints1795000000025 } from './1795000000025-timeline-checkpoints.js';
import { TimelineCheckpointLocks1795000000026 } from './1795000000026-timeline-checkpoint-locks.js';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const ALL_MIGRATIONS: MigrationClass[] = [Audit1795000000001, Identity1795000000002, Privacy1795000000003, Deadlines1795000000004, Notifications1795000000005, Intake1795000000008, Documents1795000000006, Cases1795000000007, SuperComplaintsEligibleEntities1795000000011, Attachments1795000000012, ProviderNotices1795000000013, Penalties1795000000014, Disruption1795000000015, Publication1795000000016, Programmes1795000000017, Reporting1795000000018, OutboxRetention1795000000021, IntakePerformance1795000000022, UnknownAccountLockouts1795000000023, ReportingSpeed1795000000024, TimelineCheckpoints1795000000025, TimelineCheckpointLocks1795000000026];
