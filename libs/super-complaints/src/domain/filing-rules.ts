import { DomainError } from '@app/core';
import { DOCUMENT_CONTENT_TYPES, FINAL_SUPER_COMPLAINT_STATES, type SuperComplaintState } from './vocabulary.js';

/** A document attached to a super-complaint: its metadata and checksum (the bytes are kept elsewhere). */
export interface DocumentReference {
  title: string;
  contentType: string;
  sha256: string;
}

/** What a filing must contain (its draft may lack any of it). */
export interface FilingContent {
  title: string | null;
  summary: string | null;
  feature: string | null;
  serviceUrls: readonly string[];
  serviceKinds: string | null;
  harmCategories: readonly string[];
  evidence: string | null;
  requestedAction: string | null;
}

const filled = (value: string | null | undefined): boolean => typeof value === 'string' && value.trim().length > 0;

/** The fields still missing before a draft can be filed, in words an entity can act on. */
export function missingForFiling(content: FilingContent): string[] {
  const missing: string[] = [];
  if (!filled(content.title)) missing.push('title');
  if (!filled(content.summary)) missing.push('summary');
  if (!filled(content.feature)) missing.push('feature');
  if (content.serviceUrls.length === 0 && !filled(content.serviceKinds)) missing.push('serviceUrls or serviceKinds');
  if (content.harmCategories.length === 0) missing.push('harmCategories');
  if (!filled(content.evidence)) missing.push('evidence');
  if (!filled(content.requestedAction)) missing.push('requestedAction');
  return missing;
}

/**
 * Accepts PDF and text documents only. Images and videos are refused outright, whatever they show:
 * evidence of abuse is described, never sent as pictures.
 */
export function checkDocument(doc: DocumentReference, index: number): DocumentReference {
  const type = doc.contentType.trim().toLowerCase().split(';')[0]?.trim() ?? '';
  if (type.startsWith('image/') || type.startsWith('video/')) {
    throw new DomainError(
      'MEDIA_NOT_ACCEPTED',
      `Document ${index + 1} ("${doc.title}") is ${type}: images and videos are never accepted. Describe what they show in a PDF or text document instead.`,
      { errors: [{ field: `documents[${index}].contentType`, message: 'images and videos are never accepted' }] },
    );
  }
  if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new DomainError('VALIDATION_FAILED', `Document ${index + 1} ("${doc.title}") must be a PDF or a text document (${DOCUMENT_CONTENT_TYPES.join(', ')}).`, {
      errors: [{ field: `documents[${index}].contentType`, message: `must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}` }],
    });
  }
  return { title: doc.title.trim(), contentType: type, sha256: doc.sha256.toLowerCase() };
}

/** The words of a feature compared for repetition: case, punctuation and spacing do not count. */
export function featureKey(feature: string | null): string {
  return (feature ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * A complaint repeats a published one when it is about the same feature (same words, once case,
 * punctuation and spacing are ignored) and shares at least one harm category with it.
 */
export function repeats(candidate: { feature: string | null; harmCategories: readonly string[] }, published: { feature: string | null; harmCategories: readonly string[] }): boolean {
  const key = featureKey(candidate.feature);
  return key !== '' && key === featureKey(published.feature) && candidate.harmCategories.some((h) => published.harmCategories.includes(h));
}

export const isFinal = (state: SuperComplaintState): boolean => FINAL_SUPER_COMPLAINT_STATES.includes(state);
