import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '@app/core';
import { parseIntakeInput } from './intake-input.js';
import { chooseMatter, type CandidateMatter } from './matching.js';
import { detectMediaInText } from './media.js';
import { newIntakeReference, parseIntakeReference } from './reference.js';

const today = '2026-06-01';
const valid = { source: 'complaint', serviceUrl: 'Example.com/page', harmCategories: ['fraud', 'fraud', 'csam'], description: ' A shop that never delivers. ' };

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseIntakeInput', () => {
  it('normalises the service URL, de-duplicates harms and trims text', () => {
    const command = parseIntakeInput(valid, { today });
    expect(command).toMatchObject({ service: { url: 'https://example.com/page', domain: 'example.com' }, harmCategories: ['csam', 'fraud'], description: 'A shop that never delivers.' });
  });

  it('marks children likely when the person affected is under 18', () => {
    expect(parseIntakeInput({ ...valid, personAffected: { ageGroup: 'under_13' } }, { today }).childrenLikely).toBe(true);
    expect(parseIntakeInput({ ...valid, personAffected: { ageGroup: '18_plus' } }, { today }).childrenLikely).toBe(false);
  });

  it('requires the parts each source needs, naming them', () => {
    const error = refusal(() => parseIntakeInput({ ...valid, source: 'other_body' }, { today }));
    expect(error.extras.errors?.map((e) => e.field)).toEqual(['otherBody.bodyType', 'otherBody.bodyName', 'otherBody.bodyReference']);
    const ok = parseIntakeInput({ ...valid, source: 'other_body', otherBody: { bodyType: 'police', bodyName: 'Met Police', bodyReference: 'CAD 1234' } }, { today });
    expect(ok.details).toEqual({ bodyType: 'police', bodyName: 'Met Police', bodyReference: 'CAD 1234' });
  });

  it('refuses unknown fields, wrong types and impossible dates', () => {
    const error = refusal(() => parseIntakeInput({ ...valid, colour: 'red', childrenLikely: 'yes', occurredOn: '2026-02-30', reporter: { email: 'nope' } }, { today }));
    expect(error.extras.errors?.map((e) => e.field).sort()).toEqual(['childrenLikely', 'colour', 'occurredOn', 'reporter.email']);
  });

  it('validates hashes by algorithm and keeps PhotoDNA identifiers opaque', () => {
    const ok = parseIntakeInput(
      {
        ...valid,
        evidence: [
          { hashAlgorithm: 'md5', hash: 'D41D8CD98F00B204E9800998ECF8427E' },
          { hashAlgorithm: 'photodna', hash: 'Opaque+Identifier/Value==' },
          { url: 'www.example.com/img/1#frag', description: 'the post' },
        ],
      },
      { today },
    );
    expect(ok.evidence).toEqual([
      { kind: 'hash', hashAlgorithm: 'md5', hash: 'd41d8cd98f00b204e9800998ecf8427e' },
      { kind: 'hash', hashAlgorithm: 'photodna', hash: 'Opaque+Identifier/Value==' },
      { kind: 'url', url: 'https://example.com/img/1', description: 'the post' },
    ]);
    expect(refusal(() => parseIntakeInput({ ...valid, evidence: [{ hashAlgorithm: 'sha1', hash: 'ab' }] }, { today })).extras.errors?.[0]?.field).toBe('evidence[0].hashAlgorithm');
  });

  it('never throws anything but a DomainError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        try {
          parseIntakeInput(anything, { today });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('detectMediaInText', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1)]);
  const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(200, 2)]);

  it('finds images and videos however they are encoded', () => {
    expect(detectMediaInText(`data:video/mp4;base64,${mp4.toString('base64')}`)).toBe('video data URI');
    expect(detectMediaInText(jpeg.toString('base64'))).toBe('JPEG image (base64-encoded)');
    expect(detectMediaInText(jpeg.toString('base64url'))).toBe('JPEG image (base64-encoded)');
    expect(detectMediaInText(mp4.toString('hex'))).toBe('MP4, MOV or HEIC file (hex-encoded)');
    expect(detectMediaInText(jpeg.toString('latin1'))).toBe('JPEG image');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 3)]);
    expect(detectMediaInText(png.toString('latin1'))).toBe('PNG image');
    expect(detectMediaInText(png.toString('base64').repeat(2))).toBe('PNG image (base64-encoded)');
  });

  it('lets hashes, identifiers and ordinary text through', () => {
    expect(detectMediaInText('d41d8cd98f00b204e9800998ecf8427e')).toBeUndefined();
    expect(detectMediaInText('f'.repeat(64))).toBeUndefined();
    expect(detectMediaInText('The video at the link shows the abuse; it was uploaded on Monday.')).toBeUndefined();
    expect(detectMediaInText('BM is a common abbreviation')).toBeUndefined();
  });
});

describe('chooseMatter', () => {
  const at = (d: string): Date => new Date(d);
  const m = (over: Partial<CandidateMatter>): CandidateMatter => ({
    id: 'm1',
    reference: 'MAT-000001',
    status: 'open',
    harmCategories: ['ncii'],
    caseId: null,
    sharesContentHash: false,
    lastReceivedAt: at('2026-01-01'),
    ...over,
  });

  it('prefers the same content, then the most recent matter with an overlapping harm', () => {
    const candidates = [m({ id: 'old', harmCategories: ['ncii'] }), m({ id: 'new', harmCategories: ['ncii', 'hate'], lastReceivedAt: at('2026-02-01') }), m({ id: 'hash', harmCategories: ['fraud'], sharesContentHash: true })];
    expect(chooseMatter({ harmCategories: ['ncii'] }, candidates)).toMatchObject({ matterId: 'hash', reason: { rule: 'same_content_hash' } });
    expect(chooseMatter({ harmCategories: ['ncii'] }, candidates.slice(0, 2))).toMatchObject({ matterId: 'new', reason: { rule: 'same_service_overlapping_harm' } });
  });

  it("opens a new matter on the service's open case when no matter fits, saying it came through a mirror", () => {
    const decision = chooseMatter(
      { harmCategories: ['csam'], via: { domain: 'mirror.example', relation: 'mirror', matchedDomain: 'mirror.example' } },
      [m({ harmCategories: ['fraud'] })],
      [{ caseId: 'c1', reference: 'OSA-2026-0001', harmCategories: ['csam'] }],
    );
    expect(decision).toMatchObject({ matterId: null, attachToCase: { caseId: 'c1' }, reason: { rule: 'open_case' } });
    expect(decision.reason.detail).toContain('mirror.example, a mirror domain');
  });
});

describe('intake references', () => {
  it('are unguessable, readable, and read back however people type them', () => {
    const refs = new Set(Array.from({ length: 2000 }, newIntakeReference));
    expect(refs.size).toBe(2000);
    for (const ref of [...refs].slice(0, 50)) {
      expect(ref).toMatch(/^INT-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(parseIntakeReference(ref.toLowerCase().replace(/-/g, ' '))).toBe(ref);
    }
    expect(parseIntakeReference('INT-O0000-I1111')).toBe('INT-00000-11111');
    expect(parseIntakeReference('nonsense')).toBeUndefined();
  });
});
