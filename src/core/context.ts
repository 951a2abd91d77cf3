// One context per request: who is asking (viewer and roles), the Prisma client, request
// metadata and the shared services. Dataloaders are per-context through Pothos' dataloader
// plugin, so batching and caching never cross requests.
import type { YogaInitialContext } from "graphql-yoga";
import type { AppConfig } from "./config.ts";
import type { PrismaClient } from "./tx.ts";
import type { Role } from "../generated/prisma/client.ts";
import type { Logger } from "./logger.ts";
import { errors } from "./errors.ts";
import type { Services } from "./ports.ts";

export interface Viewer {
  id: string;
  /** Roles in force now (expired and revoked ones are already removed). */
  roles: ReadonlySet<Role>;
  sessionId: string | null;
  /** When the access token this request came with expires (streams end then); absent for viewers not built from a token. */
  accessExpiresAt?: Date;
}

export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

export interface Context extends RequestMeta {
  config: AppConfig;
  prisma: PrismaClient;
  log: Logger;
  viewer: Viewer | null;
  services: Services;
  request: Request;
}

/** What a service needs: a request context, or the same pieces assembled by a job (core/jobs.ts). */
export type ServiceCtx = Pick<Context, "prisma" | "services" | "config" | "log" | "viewer" | "ip" | "userAgent" | "requestId">;

export type ServerContext = Record<string, unknown>;
export type GraphQLContext = Context & YogaInitialContext;

export function hasRole(viewer: Viewer | null, role: Role): boolean {
  return !!viewer && viewer.roles.has(role);
}

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(ctx: { viewer: Viewer | null }): Viewer {
  if (!ctx.viewer) throw errors.unauthenticated();
  return ctx.viewer;
}

export function isAdmin(viewer: Viewer | null): boolean {
  return hasRole(viewer, "ADMIN");
}
