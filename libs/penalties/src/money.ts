/** Integer arithmetic on pence with BigInt, so no step ever meets floating-point error. */

export const TEN_THOUSAND = 10_000n;

/** floor(value × numerator / denominator) for non-negative operands. */
export function mulDivFloor(value: bigint, numerator: bigint, denominator: bigint): bigint {
  return (value * numerator) / denominator;
}

/** ceil(value × numerator / denominator) for non-negative operands. */
export function mulDivCeil(value: bigint, numerator: bigint, denominator: bigint): bigint {
  return (value * numerator + denominator - 1n) / denominator;
}

/** A percentage with at most two decimal places as basis points (12.5 → 1250), or undefined if it has more. */
export function percentToBasisPoints(percent: number): number | undefined {
  if (typeof percent !== 'number' || !Number.isFinite(percent)) return undefined;
  const basisPoints = Math.round(percent * 100);
  return Math.abs(basisPoints - percent * 100) < 1e-6 ? basisPoints : undefined;
}

/** "12.5%" from 1250 basis points. */
export function formatBasisPoints(basisPoints: number | bigint): string {
  const bp = BigInt(basisPoints);
  const whole = bp / 100n;
  const fraction = (bp % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** "£18,000,000.01" (and "-£5.00"). */
export function formatPence(pence: number | bigint): string {
  const value = BigInt(pence);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const pounds = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A BigInt amount as a JSON-safe integer; amounts beyond 2^53 never leave the calculator as numbers. */
export function toSafeInteger(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${value} pence is beyond the range of exact JSON integers`);
  }
  return Number(value);
}

/** A positive decimal string ("0.7893") as numerator / 10^scale, or undefined if it is not one. */
export function parseDecimal(value: string): { numerator: bigint; denominator: bigint } | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,12}))?$/.exec(value);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  return { numerator: BigInt(`${match[1]}${fraction}`), denominator: 10n ** BigInt(fraction.length) };
}
