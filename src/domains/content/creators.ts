// Becoming a creator and running a creator profile (seed 002 `creators`; seed 000 lets any user
// write stories). A signed-in member applies with a display name, a slug and a bio and gets the
// CREATOR role and a CreatorProfile in one transaction. The owner edits the profile (admins may
// edit anyone's); admins verify / unverify and suspend / unsuspend. A suspended creator's content
// and series leave every listing (contentWhereFor / seriesWhereFor); nothing is deleted.
// payoutAccount belongs to the payouts work (Stripe Connect) and is never written here.
import { z } from "zod";
import { isUniqueViolation, transaction, type Tx } from "../../core/tx.ts";
import type { CreatorProfile } from "../../generated/prisma/client.ts";
import { isAdmin, requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";

type Ctx = Pick<Context, "prisma" | "services" | "viewer" | "ip" | "userAgent" | "requestId">;

/** Words a creator page may not take: they are routes of the apps or would impersonate the platform. */
const RESERVED_SLUGS = new Set(["admin", "api", "graphql", "login", "signin", "signup", "settings", "support", "help", "about", "new", "me", "creators", "content", "series", "offerings"]);

export const creatorSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "must be at least 3 characters")
  .max(50, "must be at most 50 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may only contain a-z, 0-9 and single dashes, not at either end")
  .refine((s) => !RESERVED_SLUGS.has(s), "is reserved");
const displayName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const bio = z.string().trim().max(5000, "must be at most 5000 characters").nullish();

const becomeSchema = z.object({ displayName, slug: creatorSlug, bio });
const updateSchema = z.object({ displayName: displayName.nullish(), slug: creatorSlug.nullish(), bio });

const slugTaken = () => errors.conflict("SLUG_TAKEN", "Another creator already uses this slug.");

function profileValues(p: CreatorProfile) {
  return { displayName: p.displayName, slug: p.slug, bio: p.bio, verified: p.verified, suspendedAt: p.suspendedAt, suspendedReason: p.suspendedReason };
}

/** The viewer becomes a creator: CREATOR role + profile at once. Already a creator → CONFLICT ALREADY_CREATOR. */
export async function becomeCreator(ctx: Ctx, input: z.input<typeof becomeSchema>): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const data = parseInput(becomeSchema, input);
  const now = ctx.services.clock();
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const existing = await tx.creatorProfile.findUnique({ where: { userId: viewer.id } });
      if (existing) throw errors.conflict("ALREADY_CREATOR", "You already have a creator profile; edit it with updateCreatorProfile.");
      const profile = await tx.creatorProfile.create({ data: { userId: viewer.id, displayName: data.displayName, slug: data.slug, bio: data.bio ?? null } });
      const role = await tx.userRole.upsert({
        where: { userId_role: { userId: viewer.id, role: "CREATOR" } },
        create: { userId: viewer.id, role: "CREATOR", grantedAt: now },
        // A lapsed or revoked CREATOR grant comes back permanent: applying is how one becomes a creator.
        update: { grantedAt: now, expiresAt: null, revokedAt: null },
      });
      await recordAudit(tx, ctx, { action: "creator.become", entityType: "CreatorProfile", entityId: profile.id, newValues: { ...profileValues(profile), role: role.role } });
      return { id: profile.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

async function profileFor(tx: Tx, ctx: Ctx, creatorId: string | null | undefined): Promise<CreatorProfile> {
  const viewer = requireViewer(ctx);
  const profile = creatorId ? await tx.creatorProfile.findUnique({ where: { id: creatorId } }) : await tx.creatorProfile.findUnique({ where: { userId: viewer.id } });
  if (!profile) throw creatorId ? errors.notFound("CreatorProfile", creatorId) : errors.conflict("NOT_A_CREATOR", "You have no creator profile yet; use becomeCreator.");
  // Someone else's profile is not there for a non-admin (NOT_FOUND, never FORBIDDEN).
  if (profile.userId !== viewer.id && !isAdmin(viewer)) throw errors.notFound("CreatorProfile", creatorId ?? undefined);
  return profile;
}

/** Edits the viewer's profile (admins: anyone's, by profile id). Nothing to change → BAD_USER_INPUT. */
export async function updateCreatorProfile(ctx: Ctx, input: z.input<typeof updateSchema> & { creatorId?: string | null }): Promise<{ id: string }> {
  const data = parseInput(updateSchema, { displayName: input.displayName, slug: input.slug, bio: input.bio });
  const change: Partial<Pick<CreatorProfile, "displayName" | "slug" | "bio">> = {};
  if (data.displayName) change.displayName = data.displayName;
  if (data.slug) change.slug = data.slug;
  if (data.bio !== undefined) change.bio = data.bio ?? null;
  if (Object.keys(change).length === 0) throw errors.badInput("input", "names nothing to change");
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const profile = await profileFor(tx, ctx, input.creatorId);
      const updated = await tx.creatorProfile.update({ where: { id: profile.id }, data: change });
      await recordAudit(tx, ctx, { action: "creator.update_profile", entityType: "CreatorProfile", entityId: profile.id, oldValues: profileValues(profile), newValues: profileValues(updated) });
      return { id: profile.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

/** Admin: sets or clears the verified badge. */
export async function setCreatorVerified(ctx: Ctx, creatorId: string, verified: boolean): Promise<{ id: string }> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const profile = await profileFor(tx, ctx, creatorId);
    if (profile.verified === verified) return { id: profile.id };
    await tx.creatorProfile.update({ where: { id: profile.id }, data: { verified, verifiedAt: verified ? now : null } });
    await recordAudit(tx, ctx, { action: verified ? "creator.verify" : "creator.unverify", entityType: "CreatorProfile", entityId: profile.id, oldValues: { verified: profile.verified }, newValues: { verified } });
    return { id: profile.id };
  });
}

/** Admin: suspends (reason required) or reinstates a creator. Their content leaves the listings; nothing is deleted. */
export async function setCreatorSuspended(ctx: Ctx, creatorId: string, suspended: boolean, reason?: string | null): Promise<{ id: string }> {
  const why = reason?.trim() ?? "";
  if (suspended && !why) throw errors.badInput("reason", "must say why the creator is suspended");
  if (why.length > 1000) throw errors.badInput("reason", "must be at most 1000 characters");
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const profile = await profileFor(tx, ctx, creatorId);
    if (!!profile.suspendedAt === suspended) return { id: profile.id };
    const data = suspended ? { suspendedAt: now, suspendedReason: why } : { suspendedAt: null, suspendedReason: null };
    await tx.creatorProfile.update({ where: { id: profile.id }, data });
    await recordAudit(tx, ctx, {
      action: suspended ? "creator.suspend" : "creator.unsuspend",
      entityType: "CreatorProfile",
      entityId: profile.id,
      oldValues: { suspendedAt: profile.suspendedAt, suspendedReason: profile.suspendedReason },
      newValues: data,
    });
    return { id: profile.id };
  });
}
