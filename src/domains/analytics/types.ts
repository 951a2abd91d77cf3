// Analytics in the graph: trackEvents (ingestion from apps), myPlayback (resume point), and the
// creator and platform dashboards. Dashboards are plain objects whose fields compute lazily
// (and once) in SQL: a client asking only for totals does not pay for funnels.
import type { Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { ContentNode } from "../content/index.ts";
import { UserNode } from "../identity/index.ts";
import { StoryRef } from "../stories/index.ts";
import type { CreatorAllTime, CreatorDashboard, CreatorDay, CreatorTotals, FunnelChoice, FunnelNode } from "./dashboard.ts";
import * as dashboards from "./dashboard.ts";
import type { PlatformDashboard, PlatformDay } from "./platform-analytics.ts";
import { platformAnalytics } from "./platform-analytics.ts";
import type { Amount } from "./range.ts";
import { CLIENT_EVENT_TYPES, REJECT_REASONS } from "./events.ts";
import * as service from "./service.ts";
import { DEVICE_TYPES, type TrackEventResult, type TrackEventsResult } from "./service.ts";
import { videoPlaybackWhereFor } from "./visibility.ts";

// ---------------------------------------------------------------------------------------------
// Ingestion
// ---------------------------------------------------------------------------------------------

const DeviceTypeEnum = builder.enumType("AnalyticsDeviceType", {
  description: "Device class of an event; content views and watch time roll up per device type.",
  values: Object.fromEntries(DEVICE_TYPES.map((d) => [d.toUpperCase(), { value: d }])) as Record<Uppercase<(typeof DEVICE_TYPES)[number]>, { value: (typeof DEVICE_TYPES)[number] }>,
});

const TrackEventStatusEnum = builder.enumType("TrackEventStatus", {
  values: {
    ACCEPTED: { description: "Stored now." },
    DUPLICATE: { description: "Already stored (a retried batch, or the same clientEventId twice in this batch): counted once." },
    REJECTED: { description: "Not stored; `reason` says why. The other events of the batch are unaffected." },
  } as const,
});

const RejectReasonEnum = builder.enumType("TrackEventRejectReason", {
  values: Object.fromEntries(Object.entries(REJECT_REASONS).map(([k, description]) => [k, { description }])) as Record<keyof typeof REJECT_REASONS, { description: string }>,
});

const TrackEventInputRef = builder.inputType("TrackEventInput", {
  description: `One event from an app. \`type\` is one of: ${CLIENT_EVENT_TYPES.join(", ")}.`,
  fields: (t) => ({
    clientEventId: t.string({ required: true, description: "Unique per sender (user, or anonymous session): a retried event with the same id counts once." }),
    type: t.string({ required: true }),
    occurredAt: t.field({ type: "DateTime", description: "When it happened on the client. Refused when in the future (beyond the allowed skew) or older than the accepted age. Omitted: the server's time." }),
    contentId: t.globalID({ for: [ContentNode], description: "Required for content_view and playback_progress." }),
    storyId: t.globalID({ for: [StoryRef] }),
    deviceType: t.field({ type: DeviceTypeEnum }),
    referrer: t.string(),
    properties: t.field({
      type: "JSON",
      description:
        "Free JSON object (size-limited). playback_progress needs positionSeconds, and takes durationSeconds (else the content's) and watchedSeconds (watch time since the previous report, at most 3600).",
    }),
  }),
});

const TrackEventResultRef = builder.objectRef<TrackEventResult>("TrackEventResult").implement({
  fields: (t) => ({
    clientEventId: t.exposeString("clientEventId"),
    status: t.field({ type: TrackEventStatusEnum, resolve: (r) => r.status }),
    reason: t.field({ type: RejectReasonEnum, nullable: true, resolve: (r) => r.reason }),
    message: t.exposeString("message", { nullable: true }),
  }),
});

const TrackEventsPayloadRef = builder.objectRef<TrackEventsResult>("TrackEventsPayload").implement({
  description: "One result per event, in the order sent.",
  fields: (t) => ({
    accepted: t.exposeInt("accepted"),
    duplicates: t.exposeInt("duplicates"),
    rejected: t.exposeInt("rejected"),
    results: t.field({ type: [TrackEventResultRef], resolve: (r) => r.results }),
  }),
});

builder.mutationField("trackEvents", (t) =>
  t.field({
    type: TrackEventsPayloadRef,
    description:
      "Records a batch of app events, signed in or anonymous (then `sessionId` is required). Each event is accepted, a duplicate, or rejected with a reason; the batch is written in one transaction with one audit row.",
    args: {
      sessionId: t.arg.string({ description: "The app's session id (8-128 characters). Required without a sign-in." }),
      events: t.arg({ type: [TrackEventInputRef], required: true }),
    },
    resolve: (_root, args, ctx) =>
      service.trackEvents(ctx, {
        sessionId: args.sessionId,
        events: args.events.map((e) => ({ ...e, contentId: e.contentId?.id ?? null, storyId: e.storyId?.id ?? null })),
      }),
  }),
);

// ---------------------------------------------------------------------------------------------
// Playback resume
// ---------------------------------------------------------------------------------------------

builder.prismaNode("VideoPlayback", {
  id: { field: "id" },
  // node(id) answers null (not an error) for another user's resume point.
  nullable: true,
  description: "Where the viewer stopped in a video (private to them). Completed once 95 % was reached.",
  findUnique: (id, ctx) => ({ id, AND: [videoPlaybackWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    contentId: t.globalID({ resolve: (p) => ({ type: "Content", id: p.contentId }) }),
    positionSeconds: t.exposeInt("positionSeconds"),
    durationSeconds: t.exposeInt("durationSeconds"),
    resumePositionSeconds: t.int({
      description: "Where to resume: the position, or 0 once the video was watched to the end (>= 95 %).",
      select: { positionSeconds: true, durationSeconds: true },
      resolve: (p) => (p.positionSeconds >= service.COMPLETION_RATIO * p.durationSeconds ? 0 : p.positionSeconds),
    }),
    completed: t.exposeBoolean("completed", { description: "Ever watched to >= 95 %." }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    lastWatchedAt: t.expose("lastWatchedAt", { type: "DateTime" }),
  }),
});

builder.queryField("myPlayback", (t) =>
  t.prismaField({
    type: "VideoPlayback",
    nullable: true,
    description: "The signed-in viewer's resume point for a video, or null.",
    args: { contentId: t.arg.globalID({ required: true, for: [ContentNode] }) },
    resolve: (query, _root, args, ctx) => service.myPlayback(ctx, query, args.contentId.id),
  }),
);

// ---------------------------------------------------------------------------------------------
// Shared dashboard types
// ---------------------------------------------------------------------------------------------

const RangeInput = builder.inputType("AnalyticsRangeInput", {
  description: "Calendar days, both inclusive, in the dashboard's time zone (at most ANALYTICS_MAX_RANGE_DAYS days).",
  fields: (t) => ({
    from: t.field({ type: "Date", required: true }),
    to: t.field({ type: "Date", required: true }),
  }),
});

const AmountRef = builder.objectRef<Amount>("AnalyticsAmount").implement({
  description: "A sum of money in one currency (amounts in different currencies are never added).",
  fields: (t) => ({
    amount: t.field({ type: "Decimal", resolve: (a) => a.amount.toFixed(2) }),
    currency: t.exposeString("currency"),
  }),
});

const decimal = (v: Prisma.Decimal) => v.toFixed(2);

// ---------------------------------------------------------------------------------------------
// Creator dashboard
// ---------------------------------------------------------------------------------------------

const CreatorDayRef = builder.objectRef<CreatorDay>("CreatorDashboardDay").implement({
  fields: (t) => ({
    date: t.field({ type: "Date", description: "The local day in the dashboard's time zone.", resolve: (d) => d.date }),
    views: t.exposeInt("views"),
    watchTimeSeconds: t.field({ type: "Decimal", resolve: (d) => decimal(d.watchTimeSeconds) }),
    comments: t.exposeInt("comments"),
    newSubscriptions: t.exposeInt("newSubscriptions"),
    storyStarts: t.exposeInt("storyStarts"),
    storyCompletions: t.exposeInt("storyCompletions"),
    tips: t.field({ type: [AmountRef], resolve: (d) => d.tips }),
    sales: t.field({ type: [AmountRef], resolve: (d) => d.sales }),
  }),
});

const CreatorTotalsRef = builder.objectRef<CreatorTotals>("CreatorDashboardTotals").implement({
  description: "Range totals (the sums of `daily`), plus point-in-time counts: content, stories, subscribers.",
  fields: (t) => ({
    content: t.exposeInt("content", { description: "Live (not deleted) content items now." }),
    stories: t.exposeInt("stories", { description: "Live stories now." }),
    subscribers: t.exposeInt("subscribers", { description: "Distinct users with a live (trialing, active, past due) subscription to one of the creator's tiers now." }),
    views: t.exposeInt("views"),
    watchTimeSeconds: t.field({ type: "Decimal", resolve: (d) => decimal(d.watchTimeSeconds) }),
    comments: t.exposeInt("comments"),
    newSubscriptions: t.exposeInt("newSubscriptions", { description: "Subscriptions to the creator's tiers started in the range." }),
    storyStarts: t.exposeInt("storyStarts"),
    storyCompletions: t.exposeInt("storyCompletions"),
    tips: t.field({ type: [AmountRef], description: "COMPLETED tips received, per currency.", resolve: (d) => d.tips }),
    sales: t.field({ type: [AmountRef], description: "COMPLETED purchases of the creator's content and series (gross), per currency.", resolve: (d) => d.sales }),
  }),
});

type TopContentRow = Awaited<ReturnType<CreatorDashboard["topContent"]>>[number];
const ContentPerformanceRef = builder.objectRef<TopContentRow>("ContentPerformance").implement({
  fields: (t) => ({
    content: t.field({ type: ContentNode, resolve: (r) => r.content as never }),
    views: t.exposeInt("views"),
    watchTimeSeconds: t.field({ type: "Decimal", resolve: (r) => decimal(r.watchTimeSeconds) }),
  }),
});

const FunnelChoiceRef = builder.objectRef<FunnelChoice>("StoryFunnelChoice").implement({
  fields: (t) => ({
    choiceId: t.globalID({ resolve: (c) => ({ type: "StoryChoice", id: c.choiceId }) }),
    label: t.exposeString("label", { nullable: true }),
    toNodeId: t.globalID({ nullable: true, resolve: (c) => (c.toNodeId ? { type: "StoryNode", id: c.toNodeId } : null) }),
    taken: t.exposeInt("taken", { description: "story_choice events with this choice in the range." }),
  }),
});

const FunnelNodeRef = builder.objectRef<FunnelNode>("StoryFunnelNode").implement({
  fields: (t) => ({
    nodeId: t.globalID({ resolve: (n) => ({ type: "StoryNode", id: n.nodeId }) }),
    title: t.exposeString("title", { nullable: true }),
    isStart: t.exposeBoolean("isStart"),
    isEnding: t.exposeBoolean("isEnding"),
    arrived: t.exposeInt("arrived", { description: "Plays that reached this node: starts on it plus choices leading to it." }),
    choices: t.field({ type: [FunnelChoiceRef], description: "The choices leaving this node and how often each was taken.", resolve: (n) => n.choices }),
    completions: t.exposeInt("completions", { description: "Plays that completed the story on this node." }),
    droppedOff: t.exposeInt("droppedOff", { description: "Arrived here and neither chose nor completed (never below 0)." }),
  }),
});

type FunnelRow = Awaited<ReturnType<CreatorDashboard["storyFunnels"]>>[number];
const StoryFunnelRef = builder.objectRef<FunnelRow>("StoryFunnel").implement({
  fields: (t) => ({
    story: t.field({ type: StoryRef, resolve: (f) => f.story as never }),
    starts: t.exposeInt("starts"),
    completions: t.exposeInt("completions"),
    completionRate: t.float({ nullable: true, description: "completions / starts; null without starts.", resolve: (f) => (f.starts ? f.completions / f.starts : null) }),
    nodes: t.field({ type: [FunnelNodeRef], resolve: (f) => f.nodes }),
  }),
});

const AllTimeRef = builder.objectRef<CreatorAllTime>("CreatorAllTimeTotals").implement({
  description: "The seed's dashboard_creator view: all-time totals over live content and stories (views and watch time from the analytics_views roll-up).",
  fields: (t) => ({
    totalContent: t.exposeInt("totalContent"),
    totalViews: t.exposeInt("totalViews"),
    totalWatchTimeSeconds: t.field({ type: "Decimal", resolve: (a) => decimal(a.totalWatchTime) }),
    totalTips: t.field({ type: "Decimal", description: "COMPLETED tips, summed across currencies as the seed's view does.", resolve: (a) => decimal(a.totalTips) }),
    totalComments: t.exposeInt("totalComments"),
  }),
});

const CreatorDashboardRef = builder.objectRef<CreatorDashboard>("CreatorDashboard").implement({
  fields: (t) => ({
    creator: t.field({ type: UserNode, resolve: (d) => d.creator }),
    timezone: t.string({ resolve: (d) => d.range.timezone }),
    from: t.field({ type: "Date", resolve: (d) => d.range.from }),
    to: t.field({ type: "Date", resolve: (d) => d.range.to }),
    totals: t.field({ type: CreatorTotalsRef, resolve: (d) => d.totals() }),
    daily: t.field({ type: [CreatorDayRef], description: "One entry per day of the range, zeros included.", resolve: (d) => d.daily() }),
    topContent: t.field({
      type: [ContentPerformanceRef],
      description: "Live content with the most views in the range (then watch time).",
      args: { limit: t.arg.int({ defaultValue: 10 }) },
      resolve: (d, args) => d.topContent(args.limit),
    }),
    storyFunnels: t.field({
      type: [StoryFunnelRef],
      description: "Per story: starts, completions and, per node, arrivals, choices taken and drop-offs. Stories with plays in the range, most started first; or the one story asked for.",
      args: { storyId: t.arg.globalID({ for: [StoryRef] }), limit: t.arg.int({ defaultValue: 10 }) },
      resolve: (d, args) => d.storyFunnels({ storyId: args.storyId?.id ?? null, limit: args.limit }),
    }),
    allTime: t.field({ type: AllTimeRef, resolve: (d) => d.allTime() }),
  }),
});

builder.queryField("creatorDashboard", (t) =>
  t.field({
    type: CreatorDashboardRef,
    description:
      "A creator's numbers over a range of days: their own (signed in), or anyone's for admins (`creatorId`). Days are in `timezone`, else the creator's time zone.",
    args: {
      range: t.arg({ type: RangeInput, required: true }),
      timezone: t.arg.string({ description: "IANA name, e.g. Europe/Paris." }),
      creatorId: t.arg.globalID({ for: [UserNode], description: "Admins only (or your own id)." }),
    },
    resolve: (_root, args, ctx) => dashboards.creatorDashboard(ctx, { range: args.range, timezone: args.timezone, creatorId: args.creatorId?.id ?? null }),
  }),
);

// ---------------------------------------------------------------------------------------------
// Platform analytics (admins)
// ---------------------------------------------------------------------------------------------

const PlatformDayRef = builder.objectRef<PlatformDay>("PlatformAnalyticsDay").implement({
  fields: (t) => ({
    date: t.field({ type: "Date", resolve: (d) => d.date }),
    signUps: t.exposeInt("signUps"),
    activeUsers: t.exposeInt("activeUsers", { description: "Distinct signed-in users with at least one event that day." }),
    revenue: t.field({ type: [AmountRef], resolve: (d) => d.revenue }),
  }),
});

type PlatformTotals = Awaited<ReturnType<PlatformDashboard["totals"]>>;
const PlatformTotalsRef = builder.objectRef<PlatformTotals>("PlatformAnalyticsTotals").implement({
  fields: (t) => ({
    signUps: t.exposeInt("signUps"),
    activeUsers: t.exposeInt("activeUsers", { description: "Distinct signed-in users with events in the whole range." }),
    revenue: t.field({ type: [AmountRef], description: "COMPLETED payments of every kind, per currency.", resolve: (d) => d.revenue }),
  }),
});

type PlatformMonth = Awaited<ReturnType<PlatformDashboard["monthly"]>>[number];
const PlatformMonthRef = builder.objectRef<PlatformMonth>("PlatformAnalyticsMonth").implement({
  fields: (t) => ({
    month: t.exposeString("month", { description: "YYYY-MM in the dashboard's time zone." }),
    activeUsers: t.exposeInt("activeUsers", { description: "Distinct signed-in users with events in the days of this month that are inside the range." }),
  }),
});

type RevenueSource = Awaited<ReturnType<PlatformDashboard["revenueBySource"]>>[number];
const RevenueSourceRef = builder.objectRef<RevenueSource>("RevenueBySource").implement({
  fields: (t) => ({
    source: t.exposeString("source", { description: "What the payments were for: CONTENT, SERIES, VOICE_PACK, TIP, OFFERING_BOOKING, SUBSCRIPTION." }),
    currency: t.exposeString("currency"),
    amount: t.field({ type: "Decimal", resolve: (r) => decimal(r.amount) }),
    payments: t.exposeInt("payments"),
  }),
});

type CreatorPerf = Awaited<ReturnType<PlatformDashboard["topCreators"]>>[number];
const CreatorPerformanceRef = builder.objectRef<CreatorPerf>("CreatorPerformance").implement({
  fields: (t) => ({
    creator: t.field({ type: UserNode, resolve: (r) => r.creator }),
    views: t.exposeInt("views"),
    watchTimeSeconds: t.field({ type: "Decimal", resolve: (r) => decimal(r.watchTimeSeconds) }),
    tips: t.field({ type: [AmountRef], resolve: (r) => r.tips }),
    sales: t.field({ type: [AmountRef], resolve: (r) => r.sales }),
  }),
});

const PlatformRef = builder.objectRef<PlatformDashboard>("PlatformAnalytics").implement({
  fields: (t) => ({
    timezone: t.string({ resolve: (d) => d.range.timezone }),
    from: t.field({ type: "Date", resolve: (d) => d.range.from }),
    to: t.field({ type: "Date", resolve: (d) => d.range.to }),
    totals: t.field({ type: PlatformTotalsRef, resolve: (d) => d.totals() }),
    daily: t.field({ type: [PlatformDayRef], resolve: (d) => d.daily() }),
    monthly: t.field({ type: [PlatformMonthRef], description: "Monthly active users per calendar month touching the range.", resolve: (d) => d.monthly() }),
    revenueBySource: t.field({ type: [RevenueSourceRef], resolve: (d) => d.revenueBySource() }),
    topCreators: t.field({
      type: [CreatorPerformanceRef],
      description: "Creators with the most content views in the range.",
      args: { limit: t.arg.int({ defaultValue: 10 }) },
      resolve: (d, args) => d.topCreators(args.limit),
    }),
  }),
});

builder.queryField("platformAnalytics", (t) =>
  t.field({
    type: PlatformRef,
    description: "Platform-wide numbers for admins: sign-ups, daily and monthly active users, revenue by day and source, top creators.",
    args: { range: t.arg({ type: RangeInput, required: true }), timezone: t.arg.string({ description: "IANA name; default UTC." }) },
    resolve: (_root, args, ctx) => platformAnalytics(ctx, args),
  }),
);
