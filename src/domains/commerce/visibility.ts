// One where-clause per commerce model, shared by every list, count and single read (node(id)).
// Money rows are private: the payer (and admins) see payments, purchases, ledgers and grants;
// a creator also sees the purchases of what they sell and the tips they receive. Anonymous
// viewers see none of it. Voice packs are a public catalogue (inactive ones: admins only).
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

/** Matches no row (anonymous viewers on private models). */
const NOTHING = { id: { in: [] as string[] } };

export function paymentWhereFor(viewer: Viewer | null): Prisma.PaymentWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : NOTHING;
}

/** The buyer, or the creator of the content / series sold (their sales; voice packs are the platform's). */
export function purchaseWhereFor(viewer: Viewer | null): Prisma.PurchaseWhereInput {
  if (isAdmin(viewer)) return {};
  if (!viewer) return NOTHING;
  return { OR: [{ customerId: viewer.id }, { content: { creatorId: viewer.id } }, { series: { creatorId: viewer.id } }] };
}

/** Only the buyer (and admins) may see who bought: creators see their sales without the customer. */
export function purchaseCustomerVisibleTo(viewer: Viewer | null, purchase: { customerId: string }): boolean {
  return isAdmin(viewer) || (!!viewer && viewer.id === purchase.customerId);
}

export function contentAccessWhereFor(viewer: Viewer | null): Prisma.ContentAccessWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : NOTHING;
}

export function tipWhereFor(viewer: Viewer | null): Prisma.TipWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { OR: [{ fromUserId: viewer.id }, { toCreatorId: viewer.id }] } : NOTHING;
}

export function voicePackWhereFor(viewer: Viewer | null): Prisma.VoicePackWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true };
}

export function userVoicePackWhereFor(viewer: Viewer | null): Prisma.UserVoicePackWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : NOTHING;
}

export function creditTransactionWhereFor(viewer: Viewer | null): Prisma.CreditTransactionWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : NOTHING;
}

/** A creator's earnings ledger rows and payouts: the creator and admins. */
export function creatorEarningWhereFor(viewer: Viewer | null): Prisma.CreatorEarningWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { creatorId: viewer.id } : NOTHING;
}

export function creatorPayoutWhereFor(viewer: Viewer | null): Prisma.CreatorPayoutWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { creatorId: viewer.id } : NOTHING;
}
