// Admin complimentary grants in the graph (service: grants.ts; rules: isAdmin in rules.ts).
import { builder } from "../../schema/builder.ts";
import { ContentNode } from "../content/index.ts";
import { UserNode } from "../identity/index.ts";
import { grantComplimentary, revokeComplimentary } from "./grants.ts";
import { ContentAccessNode, SeriesNode } from "./types.ts";

builder.mutationFields((t) => ({
  grantComplimentaryAccess: t.prismaField({
    type: "ContentAccess",
    description:
      "Admins: gives a member a content item or a whole series (exactly one) for free, optionally until expiresAt; audited with the reason. The member already bought it → CONFLICT ALREADY_OWNED.",
    args: {
      userId: t.arg.globalID({ required: true, for: [UserNode] }),
      contentId: t.arg.globalID({ required: false, for: [ContentNode] }),
      seriesId: t.arg.globalID({ required: false, for: [SeriesNode] }),
      expiresAt: t.arg({ type: "DateTime", required: false }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (query, _r, args, ctx) => {
      const id = await grantComplimentary(ctx, { userId: args.userId.id, contentId: args.contentId?.id ?? null, seriesId: args.seriesId?.id ?? null, expiresAt: args.expiresAt ?? null, reason: args.reason });
      return ctx.prisma.contentAccess.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  revokeComplimentaryAccess: t.prismaField({
    type: "ContentAccess",
    description: "Admins: takes a complimentary grant back (audited). Purchased or subscription grants → CONFLICT NOT_COMPLIMENTARY.",
    args: { grantId: t.arg.globalID({ required: true, for: [ContentAccessNode] }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await revokeComplimentary(ctx, args.grantId.id, args.reason);
      return ctx.prisma.contentAccess.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
