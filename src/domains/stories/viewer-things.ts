// "My things" on User (the user themself and admins, rules.ts): the stories they are in the middle
// of, and their highlights across every story. Both lists use the stories' row filters, so a story
// that was unpublished, made private or deleted since drops out of them.
import { builder } from "../../schema/builder.ts";
import { storyHighlightWhereFor, storyProgressWhereFor } from "./visibility.ts";

builder.prismaObjectFields("User", (t) => ({
  inProgressStories: t.relatedConnection(
    "storyProgress",
    {
      cursor: "id",
      totalCount: true,
      description: "Stories started and not finished (the current playthrough has not reached an ending), most recently played first; each edge is the progress, with its story and current node.",
      query: (_args, ctx) => ({ where: { completed: false, AND: [storyProgressWhereFor(ctx.viewer)] }, orderBy: [{ lastPlayedAt: "desc" }, { id: "desc" }] }),
    },
    {},
  ),
  highlights: t.relatedConnection(
    "storyHighlights",
    {
      cursor: "id",
      totalCount: true,
      description: "The user's highlights across all stories they can still see, newest first.",
      query: (_args, ctx) => ({ where: storyHighlightWhereFor(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
    },
    {},
  ),
}));
