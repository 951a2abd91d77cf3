// Factories for the settings, site, communication and audit tests: users with roles (and a
// token), content rows to feature.
import { randomBytes } from "node:crypto";
import type { Role } from "../../../src/generated/prisma/client.ts";
import type { TestApp } from "../app.ts";

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function makeUser(app: TestApp, opts: { roles?: Role[]; email?: string; name?: string } = {}): Promise<TestUser> {
  const email = opts.email ?? `u-${randomBytes(5).toString("hex")}@example.test`;
  const user = await app.prisma.user.create({
    data: {
      email,
      fullName: opts.name ?? null,
      roles: { create: (opts.roles ?? ["MEMBER"]).map((role) => ({ role })) },
    },
  });
  return { id: user.id, email, token: await app.token(user.id) };
}

export const makeAdmin = (app: TestApp, opts: { email?: string } = {}) => makeUser(app, { roles: ["ADMIN"], ...opts });

export async function makeContent(
  app: TestApp,
  creatorId: string,
  opts: { title?: string; status?: "DRAFT" | "PUBLISHED" | "ARCHIVED"; visibility?: "PUBLIC" | "PRIVATE" | "UNLISTED"; deleted?: boolean } = {},
) {
  const title = opts.title ?? `Content ${randomBytes(3).toString("hex")}`;
  return app.prisma.content.create({
    data: {
      creatorId,
      title,
      slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(3).toString("hex")}`,
      mediaType: "VIDEO",
      status: opts.status ?? "PUBLISHED",
      visibility: opts.visibility ?? "PUBLIC",
      publishedAt: (opts.status ?? "PUBLISHED") === "PUBLISHED" ? app.clock.now() : null,
      deletedAt: opts.deleted ? app.clock.now() : null,
    },
  });
}

/** Relay global id as the API encodes it. */
export function gid(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}
