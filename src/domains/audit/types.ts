// The audit trail (one row per change: actor, action, entity, old/new values with secrets
// redacted, IP, user agent, request id) and the cache store, for admins.
import { builder } from "../../schema/builder.ts";
import { UserNode } from "../identity/index.ts";
import * as service from "./service.ts";
import { errors } from "../../core/errors.ts";
import { deadJobs, type DeadJob } from "./dead-jobs.ts";
import { auditLogWhereFor, cacheEntryWhereFor } from "./visibility.ts";

builder.prismaNode("AuditLog", {
  id: { field: "id" },
  nullable: true,
  description: "One change: who did what to which entity, with the values before and after (secrets redacted).",
  findUnique: (id, ctx) => ({ id, AND: [auditLogWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    actor: t.relation("actor", { nullable: true, description: "Null for system changes (webhooks, jobs) or deleted users." }),
    action: t.exposeString("action", { description: "Dotted verb, e.g. story.publish, auth.sign_in." }),
    entityType: t.exposeString("entityType"),
    entityId: t.exposeString("entityId", { nullable: true, description: "The database key of the entity (not a global id)." }),
    oldValues: t.expose("oldValues", { type: "JSON", nullable: true }),
    newValues: t.expose("newValues", { type: "JSON", nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    requestId: t.exposeString("requestId", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("CacheEntry", {
  id: { field: "key" },
  nullable: true,
  description: "A key of the shared key/value store (when no Redis is configured): rate-limit counters, persisted operations, rendered templates.",
  findUnique: (key, ctx) => ({ key, AND: [cacheEntryWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.expose("value", { type: "JSON" }),
    category: t.exposeString("category", { nullable: true }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  auditLogs: t.prismaConnection(
    {
      type: "AuditLog",
      cursor: "id",
      description: "Admins: the audit trail, newest first. `entity` takes any global id and filters by its type and key.",
      args: {
        actorId: t.arg.globalID({ for: [UserNode] }),
        action: t.arg.string(),
        actionPrefix: t.arg.string({ description: "e.g. \"nav_item.\" for every nav item change." }),
        entityType: t.arg.string(),
        entityId: t.arg.string({ description: "The database key as stored (use `entity` for a global id)." }),
        entity: t.arg.globalID(),
        from: t.arg({ type: "DateTime", description: "At or after." }),
        to: t.arg({ type: "DateTime", description: "Before." }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.auditLog.findMany({ ...query, where: service.auditLogFilter(ctx, filterArgs(args)), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.auditLog.count({ where: service.auditLogFilter(ctx, filterArgs(args)) }),
    },
    {},
  ),
  cacheEntries: t.prismaConnection(
    {
      type: "CacheEntry",
      cursor: "key",
      description: "Admins: the database key/value store by key.",
      args: { category: t.arg.string(), prefix: t.arg.string() },
      resolve: (query, _root, args, ctx) => ctx.prisma.cacheEntry.findMany({ ...query, where: service.cacheEntryFilter(ctx, args), orderBy: [{ key: "asc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.cacheEntry.count({ where: service.cacheEntryFilter(ctx, args) }),
    },
    {},
  ),
}));

function filterArgs(args: {
  actorId?: { id: string } | null;
  action?: string | null;
  actionPrefix?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  entity?: { typename: string; id: string } | null;
  from?: Date | null;
  to?: Date | null;
}): service.AuditLogFilter {
  return {
    actorId: args.actorId?.id,
    action: args.action,
    actionPrefix: args.actionPrefix,
    entityType: args.entity?.typename ?? args.entityType,
    entityId: args.entity?.id ?? args.entityId,
    from: args.from,
    to: args.to,
  };
}

builder.mutationField("purgeCache", (t) =>
  t.int({
    description: "Admins: deletes cache entries by category and/or key prefix, or only expired ones; returns how many.",
    args: { category: t.arg.string(), prefix: t.arg.string(), expiredOnly: t.arg.boolean() },
    resolve: (_root, args, ctx) => service.purgeCache(ctx, { ...args, expiredOnly: args.expiredOnly ?? undefined }),
  }),
);

const DeadJobRef = builder.objectRef<DeadJob>("DeadJob").implement({
  description: "A background job that failed on every attempt (graphile-worker); nothing retries it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    task: t.exposeString("task"),
    attempts: t.exposeInt("attempts"),
    maxAttempts: t.exposeInt("maxAttempts"),
    lastError: t.exposeString("lastError", { nullable: true }),
    runAt: t.expose("runAt", { type: "DateTime" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryField("deadJobs", (t) =>
  t.field({
    type: [DeadJobRef],
    description: "Admins: the job queue's dead letters, newest first (empty without graphile-worker).",
    args: { first: t.arg.int({ required: false, defaultValue: 50 }) },
    resolve: (_r, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 200) throw errors.badInput("first", "must be between 1 and 200");
      return deadJobs(ctx.prisma, first);
    },
  }),
);
