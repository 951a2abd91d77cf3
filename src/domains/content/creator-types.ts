// GraphQL surface of becoming a creator and of creator profiles (service: creators.ts).
import { builder } from "../../schema/builder.ts";
import * as service from "./creators.ts";
import { CreatorProfileNode } from "./types.ts";
import { creatorProfileWhereFor } from "./visibility.ts";

builder.queryField("creator", (t) =>
  t.prismaField({
    type: "CreatorProfile",
    nullable: true,
    description: "A creator's public profile by slug; null when there is none (or it is suspended, except for its owner and admins).",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.creatorProfile.findFirst({ ...query, where: { slug: args.slug.trim().toLowerCase(), AND: [creatorProfileWhereFor(ctx.viewer)] } }),
  }),
);

const reload = (ctx: { prisma: import("../../db/client.ts").PrismaClient }, query: object, id: string) =>
  ctx.prisma.creatorProfile.findUniqueOrThrow({ ...query, where: { id } });

builder.mutationFields((t) => ({
  becomeCreator: t.prismaField({
    type: "CreatorProfile",
    description:
      "A signed-in member becomes a creator: the CREATOR role and a creator profile at once. Slug: 3-50 of a-z, 0-9 and single dashes, unique (taken → CONFLICT SLUG_TAKEN); already a creator → CONFLICT ALREADY_CREATOR.",
    args: { displayName: t.arg.string({ required: true }), slug: t.arg.string({ required: true }), bio: t.arg.string() },
    resolve: async (query, _root, args, ctx) => reload(ctx, query, (await service.becomeCreator(ctx, args)).id),
  }),
  updateCreatorProfile: t.prismaField({
    type: "CreatorProfile",
    description: "Edits the viewer's creator profile; admins may name any profile (creatorId). Slug rules as in becomeCreator.",
    args: { creatorId: t.arg.globalID({ for: [CreatorProfileNode] }), displayName: t.arg.string(), slug: t.arg.string(), bio: t.arg.string() },
    resolve: async (query, _root, args, ctx) =>
      reload(ctx, query, (await service.updateCreatorProfile(ctx, { ...args, creatorId: args.creatorId?.id ?? null })).id),
  }),
  setCreatorVerified: t.prismaField({
    type: "CreatorProfile",
    description: "Admin: sets or clears a creator's verified badge.",
    args: { creatorId: t.arg.globalID({ required: true, for: [CreatorProfileNode] }), verified: t.arg.boolean({ required: true }) },
    resolve: async (query, _root, args, ctx) => reload(ctx, query, (await service.setCreatorVerified(ctx, args.creatorId.id, args.verified)).id),
  }),
  suspendCreator: t.prismaField({
    type: "CreatorProfile",
    description: "Admin: suspends a creator (reason required). Their content and series leave every listing; nothing is deleted.",
    args: { creatorId: t.arg.globalID({ required: true, for: [CreatorProfileNode] }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => reload(ctx, query, (await service.setCreatorSuspended(ctx, args.creatorId.id, true, args.reason)).id),
  }),
  unsuspendCreator: t.prismaField({
    type: "CreatorProfile",
    description: "Admin: reinstates a suspended creator; their published items are listed again.",
    args: { creatorId: t.arg.globalID({ required: true, for: [CreatorProfileNode] }) },
    resolve: async (query, _root, args, ctx) => reload(ctx, query, (await service.setCreatorSuspended(ctx, args.creatorId.id, false)).id),
  }),
}));
