// The authorization matrix: eight viewers (anonymous, member, another member, the creator who
// owns the rows, another creator, moderator, admin, a user whose ADMIN role expired) against the
// reads and writes of every domain on this branch: identity, content, stories. Each cell
// asserts the exact data or the exact error code; list cells state exactly which rows come back.
// Other domains add their tables with defineMatrix (test/helpers/matrix.ts).
import { randomUUID } from "node:crypto";
import { encodeGlobalId } from "../../src/core/ids.ts";
import { hashToken } from "../../src/domains/identity/tokens.ts";
import { createUser } from "../helpers/factories/identity.ts";
import { defineMatrix, only, same, sorted, type Personas } from "../helpers/matrix.ts";

const gid = (type: string, id: string) => encodeGlobalId(type, id);
const titles = (conn: { totalCount: number; edges: { node: { title: string } }[] }) => ({ total: conn.totalCount, titles: sorted(conn.edges.map((e) => e.node.title)) });

// ---------------------------------------------------------------------------------------------
// Stories (seed 000's RLS): public and not deleted → anyone; own → owner; all → admins;
// soft-deleted stories and their nodes → admins only.
defineMatrix(
  "stories",
  async (app, who: Personas) => {
    const p = app.prisma;
    const mk = (creatorId: string, title: string, extra: object = {}) =>
      p.story.create({ data: { creatorId, title, status: "PUBLISHED", visibility: "PUBLIC", publishedAt: new Date("2026-01-01"), ...extra } });
    const owner = who.owner.id!;
    const rival = who.otherCreator.id!;
    const stories = {
      public: await mk(owner, "public"),
      unlisted: await mk(owner, "unlisted", { visibility: "UNLISTED" }),
      private: await mk(owner, "private", { visibility: "PRIVATE" }),
      draft: await mk(owner, "draft", { status: "DRAFT", publishedAt: null }),
      deleted: await mk(owner, "deleted", { deletedAt: new Date("2026-02-01") }),
      rivalPublic: await mk(rival, "rival public"),
      rivalDraft: await mk(rival, "rival draft", { status: "DRAFT", publishedAt: null }),
    };
    await p.storyNode.create({ data: { storyId: stories.public.id, content: "live node", nodeOrder: 1 } });
    await p.storyNode.create({ data: { storyId: stories.public.id, content: "deleted node", nodeOrder: 2, deletedAt: app.clock.now() } });
    await p.storyNode.create({ data: { storyId: stories.deleted.id, content: "node of a deleted story", nodeOrder: 1 } });
    return stories;
  },
  [
    {
      name: "stories list: exactly the rows each viewer may see",
      query: `{ stories(first: 50) { totalCount edges { node { title } } } }`,
      pick: (d) => titles(d.stories),
      expect: only(
        {
          owner: { data: { total: 5, titles: ["draft", "private", "public", "rival public", "unlisted"] } },
          otherCreator: { data: { total: 3, titles: ["public", "rival draft", "rival public"] } },
          admin: { data: { total: 7, titles: ["deleted", "draft", "private", "public", "rival draft", "rival public", "unlisted"] } },
        },
        { data: { total: 2, titles: ["public", "rival public"] } },
      ),
    },
    {
      name: "story(id) of an unlisted story: readable by id",
      query: `query($id: ID!) { story(id: $id) { title } }`,
      variables: (f) => ({ id: gid("Story", f.unlisted.id) }),
      expect: same({ data: { story: { title: "unlisted" } } }),
    },
    {
      name: "story(id) of a private story: owner and admin; null (not FORBIDDEN) for others",
      query: `query($id: ID!) { story(id: $id) { title } }`,
      variables: (f) => ({ id: gid("Story", f.private.id) }),
      expect: only({ owner: { data: { story: { title: "private" } } }, admin: { data: { story: { title: "private" } } } }, { data: { story: null } }),
    },
    {
      name: "story(id) of a draft: owner and admin",
      query: `query($id: ID!) { story(id: $id) { title } }`,
      variables: (f) => ({ id: gid("Story", f.draft.id) }),
      expect: only({ owner: { data: { story: { title: "draft" } } }, admin: { data: { story: { title: "draft" } } } }, { data: { story: null } }),
    },
    {
      name: "story(id) of a soft-deleted story: admins only (not even its owner)",
      query: `query($id: ID!) { story(id: $id) { title nodes(first: 10) { totalCount } } }`,
      variables: (f) => ({ id: gid("Story", f.deleted.id) }),
      expect: only({ admin: { data: { story: { title: "deleted", nodes: { totalCount: 1 } } } } }, { data: { story: null } }),
    },
    {
      name: "a public story's nodes: deleted nodes hidden from everyone but admins",
      query: `query($id: ID!) { story(id: $id) { nodes(first: 10) { totalCount edges { node { content } } } } }`,
      variables: (f) => ({ id: gid("Story", f.public.id) }),
      pick: (d) => d.story.nodes.edges.map((e: any) => e.node.content),
      expect: only({ admin: { data: ["live node", "deleted node"] } }, { data: ["live node"] }),
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Content (seed 002/003): the catalogue lists published public, members-only and purchased-only
// rows; private and unlisted only to their creator; deleted only to admins. Protected fields
// (mediaUrl) need access: public, own, a live grant, or admin.
defineMatrix(
  "content",
  async (app, who: Personas) => {
    const p = app.prisma;
    const owner = who.owner.id!;
    const mk = (title: string, extra: object = {}) =>
      p.content.create({ data: { creatorId: owner, title, slug: title.replace(/\s/g, "-"), mediaType: "VIDEO", visibility: "PUBLIC", status: "PUBLISHED", publishedAt: new Date("2026-01-01"), mediaUrl: `https://cdn.test/${title}.mp4`, ...extra } });
    const rows = {
      free: await mk("free"),
      paid: await mk("paid", { visibility: "PURCHASED_ONLY", price: "4.99" }),
      private: await mk("private", { visibility: "PRIVATE" }),
      unlisted: await mk("unlisted", { visibility: "UNLISTED" }),
      deleted: await mk("deleted", { deletedAt: new Date("2026-02-01") }),
    };
    // "member" bought the paid item; "otherMember" did not.
    await p.contentAccess.create({ data: { userId: who.member.id!, contentId: rows.paid.id, accessType: "PURCHASED" } });
    return rows;
  },
  [
    {
      name: "contents list: exactly the rows each viewer may see",
      query: `{ contents(first: 50) { totalCount edges { node { title } } } }`,
      pick: (d) => titles(d.contents),
      expect: only(
        {
          owner: { data: { total: 4, titles: ["free", "paid", "private", "unlisted"] } },
          admin: { data: { total: 5, titles: ["deleted", "free", "paid", "private", "unlisted"] } },
        },
        { data: { total: 2, titles: ["free", "paid"] } },
      ),
    },
    {
      name: "protected media URL of purchased-only content: buyer, owner and admin",
      query: `{ contents(first: 50, search: "paid") { edges { node { title mediaUrl viewerHasAccess } } } }`,
      pick: (d) => d.contents.edges.map((e: any) => e.node),
      expect: only(
        {
          member: { data: [{ title: "paid", mediaUrl: "https://cdn.test/paid.mp4", viewerHasAccess: true }] },
          owner: { data: [{ title: "paid", mediaUrl: "https://cdn.test/paid.mp4", viewerHasAccess: true }] },
          admin: { data: [{ title: "paid", mediaUrl: "https://cdn.test/paid.mp4", viewerHasAccess: true }] },
        },
        { data: [{ title: "paid", mediaUrl: null, viewerHasAccess: false }] },
      ),
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Identity: the public card for everyone; e-mail, roles, profile and sessions for the user and
// admins; deleted accounts for admins only; role administration for admins only (an expired
// ADMIN grant counts for nothing).
defineMatrix(
  "identity",
  async (app, who: Personas) => {
    const target = await createUser(app, { displayName: "target" });
    const gone = await createUser(app, { displayName: "gone", deletedAt: new Date("2026-02-01") });
    const ownerSession = await app.prisma.authSession.create({
      data: { userId: who.owner.id!, familyId: randomUUID(), refreshTokenHash: hashToken(randomUUID()), userAgent: "Owner's phone", expiresAt: new Date(app.clock.now().getTime() + 86_400_000) },
    });
    return { target, gone, ownerSession };
  },
  [
    {
      name: "viewer: the signed-in user (null when anonymous); an expired role is not in roles",
      query: `{ viewer { displayName roles } }`,
      expect: {
        anonymous: { data: { viewer: null } },
        member: { data: { viewer: { displayName: "member", roles: ["MEMBER"] } } },
        otherMember: { data: { viewer: { displayName: "otherMember", roles: ["MEMBER"] } } },
        owner: { data: { viewer: { displayName: "owner", roles: ["CREATOR", "MEMBER"] } } },
        otherCreator: { data: { viewer: { displayName: "otherCreator", roles: ["CREATOR", "MEMBER"] } } },
        moderator: { data: { viewer: { displayName: "moderator", roles: ["MODERATOR", "MEMBER"] } } },
        admin: { data: { viewer: { displayName: "admin", roles: ["ADMIN", "MEMBER"] } } },
        expiredAdmin: { data: { viewer: { displayName: "expiredAdmin", roles: ["MEMBER"] } } },
      },
    },
    {
      name: "another user's public card: everyone",
      query: `query($id: ID!) { node(id: $id) { ... on User { displayName } } }`,
      variables: (_f, who) => ({ id: gid("User", who.owner.id!) }),
      expect: same({ data: { node: { displayName: "owner" } } }),
    },
    {
      name: "a user's e-mail: the user and admins; FORBIDDEN for others; UNAUTHENTICATED anonymous",
      query: `query($id: ID!) { node(id: $id) { ... on User { displayName email } } }`,
      variables: (_f, who) => ({ id: gid("User", who.owner.id!) }),
      expect: only(
        {
          anonymous: { error: "UNAUTHENTICATED", data: { node: { displayName: "owner", email: null } } },
          owner: { data: { node: { displayName: "owner", email: "owner@matrix.test" } } },
          admin: { data: { node: { displayName: "owner", email: "owner@matrix.test" } } },
        },
        { error: "FORBIDDEN", data: { node: { displayName: "owner", email: null } } },
      ),
    },
    {
      name: "a user's sessions: the user and admins",
      query: `query($id: ID!) { node(id: $id) { ... on User { sessions(first: 5) { edges { node { userAgent } } } } } }`,
      variables: (_f, who) => ({ id: gid("User", who.owner.id!) }),
      pick: (d) => d.node.sessions?.edges.map((e: any) => e.node.userAgent) ?? null,
      expect: only(
        { anonymous: { error: "UNAUTHENTICATED", data: null }, owner: { data: ["Owner's phone"] }, admin: { data: ["Owner's phone"] } },
        { error: "FORBIDDEN", data: null },
      ),
    },
    {
      name: "a session by id: its user and admins; null for everyone else",
      query: `query($id: ID!) { node(id: $id) { ... on AuthSession { userAgent } } }`,
      variables: (f) => ({ id: gid("AuthSession", f.ownerSession.id) }),
      expect: only({ owner: { data: { node: { userAgent: "Owner's phone" } } }, admin: { data: { node: { userAgent: "Owner's phone" } } } }, { data: { node: null } }),
    },
    {
      name: "a deleted account: admins only (null, not FORBIDDEN, for others)",
      query: `query($id: ID!) { node(id: $id) { ... on User { displayName } } }`,
      variables: (f) => ({ id: gid("User", f.gone.id) }),
      expect: only({ admin: { data: { node: { displayName: "gone" } } } }, { data: { node: null } }),
    },
    {
      name: "updateProfile: any signed-in user, on their own profile",
      query: `mutation { updateProfile(input: { bio: "hello" }) { profile { bio } } }`,
      expect: only({ anonymous: { error: "UNAUTHENTICATED", data: { updateProfile: null } } }, { data: { updateProfile: { profile: { bio: "hello" } } } }),
    },
    {
      name: "revokeSession of the owner's session: the owner and admins; NOT_FOUND for others",
      query: `mutation($id: ID!) { revokeSession(id: $id) }`,
      variables: (f) => ({ id: gid("AuthSession", f.ownerSession.id) }),
      expect: only(
        { anonymous: { error: "UNAUTHENTICATED", data: { revokeSession: null } }, owner: { data: { revokeSession: true } }, admin: { data: { revokeSession: true } } },
        { error: "NOT_FOUND", data: { revokeSession: null } },
      ),
    },
    {
      name: "grantRole: admins only (an expired ADMIN grant is FORBIDDEN)",
      query: `mutation($id: ID!) { grantRole(userId: $id, role: CREATOR) { roles } }`,
      variables: (f) => ({ id: gid("User", f.target.id) }),
      expect: only(
        { anonymous: { error: "UNAUTHENTICATED", data: { grantRole: null } }, admin: { data: { grantRole: { roles: ["CREATOR", "MEMBER"] } } } },
        { error: "FORBIDDEN", data: { grantRole: null } },
      ),
    },
    {
      name: "revokeRole: admins only",
      query: `mutation($id: ID!) { revokeRole(userId: $id, role: CREATOR) { roles } }`,
      variables: (f) => ({ id: gid("User", f.target.id) }),
      expect: only(
        { anonymous: { error: "UNAUTHENTICATED", data: { revokeRole: null } }, admin: { data: { revokeRole: { roles: ["MEMBER"] } } } },
        { error: "FORBIDDEN", data: { revokeRole: null } },
      ),
    },
    {
      name: "restoreAccount: admins only",
      query: `mutation($id: ID!) { restoreAccount(userId: $id) { displayName } }`,
      variables: (f) => ({ id: gid("User", f.gone.id) }),
      expect: only(
        { anonymous: { error: "UNAUTHENTICATED", data: { restoreAccount: null } }, admin: { data: { restoreAccount: { displayName: "gone" } } } },
        { error: "FORBIDDEN", data: { restoreAccount: null } },
      ),
    },
  ],
);
