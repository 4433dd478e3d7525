import { generateSecret, generateURI, verify } from 'otplib';

export const TOTP_ISSUER = 'Online Safety Enforcement';
const CODE = /^\d{6}$/;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label, secret });
}

/**
 * The RFC 6238 time step a 6-digit code matches at `now` (one step of clock drift either way),
 * or undefined. Steps at or before `afterStep` are refused, so a code works once.
 */
export async function matchTotp(secret: string, code: string, now: Date, afterStep: number | null): Promise<number | undefined> {
  if (!CODE.test(code)) return undefined;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    return undefined;
  }
}
