// Exact money: Prisma Decimals, never floats. Amounts cross the API as strings with two decimals
// ("4.99"); providers get integer minor units (cents, or whole units for zero-decimal currencies).
import { Prisma } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
export { toMinorUnits } from "../../core/money.ts";

export type Decimal = Prisma.Decimal;
export const Decimal = Prisma.Decimal;



export function money(value: Decimal | string | number): string {
  return new Decimal(value).toFixed(2);
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
