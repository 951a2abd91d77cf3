// User.isOnboarded / onboardedAt (self or admin) and completeOnboarding.
import { builder } from "../../schema/builder.ts";
import { completeOnboarding } from "./onboarding.ts";

builder.prismaObjectFields("User", (t) => ({
  isOnboarded: t.exposeBoolean("isOnboarded", { description: "Whether the user completed the first-run flow (completeOnboarding)." }),
  onboardedAt: t.expose("onboardedAt", { type: "DateTime", nullable: true }),
}));

builder.mutationField("completeOnboarding", (t) =>
  t.prismaField({
    type: "User",
    description: "Marks the viewer onboarded and returns the viewer. Completing it again changes nothing.",
    resolve: async (query, _root, _args, ctx) => {
      await completeOnboarding(ctx);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: ctx.viewer!.id } });
    },
  }),
);
