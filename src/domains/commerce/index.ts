import "./types.ts";
import "./payout-types.ts";
import "./grant-types.ts";
import "./credit-pack-types.ts";
export { rules } from "./rules.ts";
export { stripeHandlers } from "./webhooks.ts";
export { jobs } from "./jobs.ts";
export { recordStorePurchase, refundStorePurchase, type StorePurchase } from "./store-purchases.ts";
