// Exact money: Prisma Decimals, never floats. Amounts cross the API as strings with two decimals
// ("4.99"); providers get integer minor units (cents, or whole units for zero-decimal currencies).
import { Prisma } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";

export type Decimal = Prisma.Decimal;
export const Decimal = Prisma.Decimal;

/** Stripe's zero-decimal currencies: amounts are whole units. */
const ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);


export function money(value: Decimal | string | number): string {
  return new Decimal(value).toFixed(2);
}

/** Integer minor units for a provider; a fractional amount in a zero-decimal currency is refused. */
export function toMinorUnits(amount: Decimal | string, currency: string): number {
  const d = new Decimal(amount);
  if (ZERO_DECIMAL.has(currency.toUpperCase())) {
    if (!d.isInteger()) throw errors.badInput("amount", `must be a whole number in ${currency}`);
    return d.toNumber();
  }
  return d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

export interface RevenueSplit {
  platformFeeAmount: Decimal;
  creatorPayoutAmount: Decimal;
}

/**
 * The platform fee is `feePercent` of the amount, rounded half-up to the cent; the creator gets
 * the rest, so fee + payout == amount exactly. Platform items (content or series created by an
 * ADMIN, voice packs, tips to an ADMIN) pay no fee: the whole amount is the platform owner's payout.
 */
export function revenueSplit(amount: Decimal, feePercent: number, platformItem: boolean): RevenueSplit {
  if (platformItem || feePercent <= 0) return { platformFeeAmount: new Decimal(0), creatorPayoutAmount: amount };
  const fee = amount.times(feePercent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { platformFeeAmount: fee, creatorPayoutAmount: amount.minus(fee) };
}
