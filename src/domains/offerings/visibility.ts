// One where-clause per offerings model, shared by every list, count and single read.
//  - Offering: published and live → everyone; the creator → their own (any status); a customer
//    → the offerings they booked (even once archived); admins → everything, deleted included.
//  - OfferingBooking / OfferingPortalAccess: the customer, the offering's creator, admins.
//  - OfferingResource: the creator and admins always; a customer only through a live portal
//    access (not revoked, opened, not expired, booking confirmed or completed) and only when
//    the resource's rule says so now: ALWAYS; BEFORE the booked window starts; DURING it; AFTER
//    it ends; and never before its unlockAt.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const NOTHING = { id: { in: [] as string[] } };

export function offeringWhereFor(viewer: Viewer | null, mode: "list" | "read" = "list"): Prisma.OfferingWhereInput {
  if (isAdmin(viewer)) return {};
  const published: Prisma.OfferingWhereInput = { status: "PUBLISHED" };
  if (!viewer) return { deletedAt: null, ...published };
  const own: Prisma.OfferingWhereInput[] = [published, { creatorId: viewer.id }];
  if (mode === "read") own.push({ bookings: { some: { customerId: viewer.id } } });
  return { deletedAt: null, OR: own };
}

export function bookingWhereFor(viewer: Viewer | null): Prisma.OfferingBookingWhereInput {
  if (isAdmin(viewer)) return {};
  if (!viewer) return NOTHING;
  return { OR: [{ customerId: viewer.id }, { offering: { creatorId: viewer.id } }] };
}

export function portalAccessWhereFor(viewer: Viewer | null): Prisma.OfferingPortalAccessWhereInput {
  if (isAdmin(viewer)) return {};
  if (!viewer) return NOTHING;
  return { OR: [{ userId: viewer.id }, { offering: { creatorId: viewer.id } }] };
}

/** A portal access of this user that is in force now. */
export function livePortalAccess(userId: string, now: Date): Prisma.OfferingPortalAccessWhereInput {
  return {
    userId,
    revokedAt: null,
    grantedAt: { lte: now },
    booking: { status: { in: ["CONFIRMED", "COMPLETED"] } },
    AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
  };
}

export function offeringResourceWhereFor(viewer: Viewer | null, now: Date): Prisma.OfferingResourceWhereInput {
  if (isAdmin(viewer)) return {};
  if (!viewer) return NOTHING;
  const live = livePortalAccess(viewer.id, now);
  const portal = (extra: Prisma.OfferingPortalAccessWhereInput[]): Prisma.OfferingResourceWhereInput => ({
    offering: { deletedAt: null, portalAccess: { some: { ...live, AND: [...(live.AND as Prisma.OfferingPortalAccessWhereInput[]), ...extra] } } },
  });
  return {
    OR: [
      { offering: { creatorId: viewer.id, deletedAt: null } },
      {
        AND: [
          { OR: [{ unlockAt: null }, { unlockAt: { lte: now } }] },
          {
            OR: [
              { availableWhen: "ALWAYS", ...portal([]) },
              { availableWhen: "BEFORE", ...portal([{ startsAt: { gt: now } }]) },
              { availableWhen: "DURING", ...portal([{ OR: [{ startsAt: null }, { startsAt: { lte: now } }] }, { OR: [{ endsAt: null }, { endsAt: { gte: now } }] }]) },
              { availableWhen: "AFTER", ...portal([{ endsAt: { lt: now } }]) },
            ],
          },
        ],
      },
    ],
  };
}
