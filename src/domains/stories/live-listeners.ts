// A creator's live listener count: Subscription.liveListenerCount(storyId) streams how many
// listeners are in the story right now, for its creator and admins. "Live" = their progress moved
// (start, choice, restart, listen time) within LIVE_LISTENER_WINDOW_SECONDS. The count is sent when
// the stream opens, after every progress event of the story (on any instance: storyListening
// events travel like the others) and every LIVE_LISTENER_REFRESH_SECONDS, so listeners who
// stopped drop out — only when the number changed. One indexed COUNT per reading.
import { builder } from "../../schema/builder.ts";
import { isAdmin, requireViewer, type Context, type Viewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { liveEvents } from "../identity/index.ts";
import { rawId } from "./ids.ts";
import { storyWhereFor } from "./visibility.ts";

export interface LiveListenerCount {
  storyId: string;
  listeners: number;
  windowSeconds: number;
  at: Date;
}

const LiveListenerCountRef = builder.objectRef<LiveListenerCount>("LiveListenerCount").implement({
  description: "How many listeners are in a story right now (their progress moved within the window).",
  fields: (t) => ({
    storyId: t.id({ description: "The story's global id.", resolve: (c) => encodeGlobalId("Story", c.storyId) }),
    listeners: t.exposeInt("listeners"),
    windowSeconds: t.exposeInt("windowSeconds"),
    at: t.field({ type: "DateTime", description: "When the count was read.", resolve: (c) => c.at }),
  }),
});

/** The story as the viewer may watch its listeners: NOT_FOUND when they cannot see it, FORBIDDEN when it is not theirs. */
async function watchableStory(ctx: Context, viewer: Viewer, storyId: string): Promise<string> {
  const story = await ctx.prisma.story.findFirst({ where: { id: storyId, AND: [storyWhereFor(viewer, "read")] }, select: { id: true, creatorId: true } });
  if (!story) throw errors.notFound("Story");
  if (story.creatorId !== viewer.id && !isAdmin(viewer)) throw errors.forbidden("Only the story's creator sees its live listeners.");
  return story.id;
}

export async function liveListenerCount(ctx: Context, storyId: string): Promise<LiveListenerCount> {
  const windowSeconds = ctx.config.LIVE_LISTENER_WINDOW_SECONDS;
  const at = ctx.services.clock();
  const listeners = await ctx.prisma.userStoryProgress.count({
    where: { storyId, lastPlayedAt: { gt: new Date(at.getTime() - windowSeconds * 1000) } },
  });
  return { storyId, listeners, windowSeconds, at };
}

builder.subscriptionField("liveListenerCount", (t) =>
  t.field({
    type: LiveListenerCountRef,
    description:
      "The number of listeners in one of the viewer's stories right now (creator or admin): sent at once, then whenever it changes. NOT_FOUND for a story the viewer cannot see, FORBIDDEN for someone else's.",
    args: { storyId: t.arg.globalID({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const storyId = await watchableStory(ctx, viewer, rawId(args.storyId, "Story", "storyId"));
      return liveEvents(ctx, {
        topic: "storyListening",
        key: storyId,
        snapshot: {
          read: () => liveListenerCount(ctx, storyId),
          // The story may have been hidden since (or the viewer's admin role expired): re-checked with each reading.
          allowed: async (v) => (await ctx.prisma.story.count({ where: { id: storyId, AND: [storyWhereFor(v, "read")], ...(isAdmin(v) ? {} : { creatorId: v?.id }) } })) > 0,
          refreshMs: ctx.config.LIVE_LISTENER_REFRESH_SECONDS * 1000,
          identity: (c) => c.listeners, // a new reading time alone is no news
        },
      });
    },
    resolve: (count) => count as LiveListenerCount,
  }),
);
