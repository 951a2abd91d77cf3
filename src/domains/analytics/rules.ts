// Analytics rules. Ingestion is open (anonymous apps send a session id); resume points need a
// sign-in and are filtered to the viewer's own rows; a creator dashboard is the creator's own
// (admins: anyone's); platform analytics are for admins. The dashboard object types carry only
// what their guarded root field computed for this viewer, so their fields are open.
import { allow, and, rule } from "graphql-shield";
import { decodeGlobalId } from "../../core/ids.ts";
import { isAdmin as viewerIsAdmin, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { isAdmin, isAuthenticated, isSelfOrAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

/** creatorDashboard(creatorId:) names the viewer themself, or the viewer is an admin. */
export const isOwnDashboardOrAdmin = rule({ cache: "no_cache" })((_p, args: { creatorId?: string | null }, ctx: Context) => {
  if (!ctx.viewer) return errors.unauthenticated();
  if (!args.creatorId || viewerIsAdmin(ctx.viewer)) return true;
  let id: string;
  try {
    id = decodeGlobalId(args.creatorId).id;
  } catch {
    return true; // a malformed id: the resolver answers BAD_USER_INPUT
  }
  return id === ctx.viewer.id ? true : errors.forbidden("Only the creator and admins may see a creator's dashboard.");
});

export const rules = {
  Query: {
    creatorDashboard: and(isAuthenticated, isOwnDashboardOrAdmin),
    platformAnalytics: isAdmin,
    myPlayback: isAuthenticated,
    usageTotals: isAdmin,
  },
  User: { usage: isSelfOrAdmin },
  UsagePeriod: { "*": allow },
  AiUsageSummary: { "*": allow },
  SeoUsageSummary: { "*": allow },
  UsageCost: { "*": allow },
  Mutation: { trackEvents: allow },
  TrackEventsPayload: { "*": allow },
  TrackEventResult: { "*": allow },
  VideoPlayback: { "*": allow },
  AnalyticsAmount: { "*": allow },
  CreatorDashboard: { "*": allow },
  CreatorDashboardTotals: { "*": allow },
  CreatorDashboardDay: { "*": allow },
  CreatorAllTimeTotals: { "*": allow },
  ContentPerformance: { "*": allow },
  StoryFunnel: { "*": allow },
  StoryFunnelNode: { "*": allow },
  StoryFunnelChoice: { "*": allow },
  PlatformAnalytics: { "*": allow },
  PlatformAnalyticsTotals: { "*": allow },
  PlatformAnalyticsDay: { "*": allow },
  PlatformAnalyticsMonth: { "*": allow },
  RevenueBySource: { "*": allow },
  CreatorPerformance: { "*": allow },
} satisfies RuleMap;
