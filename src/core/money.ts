// Amounts as providers take them: integer minor units (cents, or whole units for zero-decimal
// currencies). Here because both commerce (checkout) and the Stripe adapter need it.
import { Prisma } from "../generated/prisma/client.ts";
import { errors } from "./errors.ts";

const Decimal = Prisma.Decimal;
type Decimal = Prisma.Decimal;

/** Stripe's zero-decimal currencies: amounts are whole units. */
const ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);

/** Integer minor units for a provider; a fractional amount in a zero-decimal currency is refused. */
export function toMinorUnits(amount: Decimal | string, currency: string): number {
  const d = new Decimal(amount);
  if (ZERO_DECIMAL.has(currency.toUpperCase())) {
    if (!d.isInteger()) throw errors.badInput("amount", `must be a whole number in ${currency}`);
    return d.toNumber();
  }
  return d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
