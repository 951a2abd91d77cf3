import "./types.ts";
export { rules } from "./rules.ts";
export { stripeHandlers } from "./webhooks.ts";
export { jobs } from "./jobs.ts";
export { isPlatformOwner, requireViewer, sendReceipt } from "./common.ts";
export { applyCreditChange } from "./credits.ts";
export { Decimal, money, revenueSplit } from "./money.ts";
export { type CheckoutResult, type TransitionEnv, checkout, createPendingPayment, failPayment, lockPayment, refundPayment, registerFulfiller, requestProviderRefund } from "./payments.ts";
export { CheckoutRef } from "./types.ts";
