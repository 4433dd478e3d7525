import { createHmac } from 'node:crypto';
import { SecretBox } from './secret-box.js';

/**
 * An HMAC of a fixed label under the key: tells which stored version a master key is without
 * storing anything from which the key could be derived.
 */
export function masterKeyCheckValue(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('osa-enforcement/privacy/master-key-check/v1').digest('hex');
}

/** The additional data that binds a wrapped data key to its subject, so keys cannot be swapped between subjects. */
export const wrappedKeyAad = (subjectId: string): string => `data_subject_key:${subjectId}`;

/**
 * The master keys this process holds, by version. New data keys are wrapped under the current one;
 * older versions are kept only while a rotation moves their data keys to the current version.
 */
export class MasterKeyring {
  private readonly boxes = new Map<number, SecretBox>();

  constructor(
    private currentVersionNumber: number,
    currentKey: Buffer,
  ) {
    this.boxes.set(currentVersionNumber, new SecretBox(currentKey));
  }

  get currentVersion(): number {
    return this.currentVersionNumber;
  }

  /** Makes `version` the key new data keys are wrapped under; the previous one stays until retired. */
  promote(version: number, key: Buffer): void {
    this.boxes.set(version, new SecretBox(key));
    this.currentVersionNumber = version;
  }

  retire(version: number): void {
    if (version !== this.currentVersionNumber) this.boxes.delete(version);
  }

  wrap(subjectId: string, dataKey: Buffer): { wrappedKey: string; keyVersion: number } {
    const box = this.boxes.get(this.currentVersionNumber) as SecretBox;
    return { wrappedKey: box.seal(dataKey, wrappedKeyAad(subjectId)), keyVersion: this.currentVersionNumber };
  }

  unwrap(subjectId: string, wrappedKey: string, keyVersion: number): Buffer {
    const box = this.boxes.get(keyVersion);
    if (!box) {
      throw new Error(
        `Data subject ${subjectId} is wrapped under master key version ${keyVersion}, which this process does not hold ` +
          `(it holds version ${this.currentVersionNumber}). Finish the master-key rotation with the previous key configured, then restart with the new one.`,
      );
    }
    return box.openBuffer(wrappedKey, wrappedKeyAad(subjectId));
  }
}
