// Resource cards with ordered steps and timeline items: public read of published rows only,
// admin writes, ordering, N+1-free lists.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  app = await createTestApp();
  admin = await makeAdmin(app);
  member = await makeUser(app);
});
afterAll(() => app.close());

const rawId = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

const CREATE = `mutation($input: CreateResourceCardInput!) { createResourceCard(input: $input) { id slug status publishedAt position steps { id title position } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateResourceCardInput!) { updateResourceCard(id: $id, input: $input) { id status publishedAt position } }`;
const STEPS = `mutation($cardId: ID!, $steps: [ResourceStepInput!]!) { setResourceSteps(cardId: $cardId, steps: $steps) { steps { id title body position } } }`;
const LIST = `{ resourceCards(first: 50) { totalCount edges { node { title slug steps { title } } } } }`;

describe("resource cards", () => {
  let cardId: string;

  it("are created by admins only, as drafts with ordered steps and a slug derived from the title", async () => {
    const input = { title: "Getting Started!", steps: [{ title: "Sign up", body: "Create an account." }, { title: "Upload", body: "Add your first story." }] };
    expect(errorCode(await app.gql(CREATE, { input }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(CREATE, { input }, { token: member.token }))).toBe("FORBIDDEN");
    const r = await app.ok(CREATE, { input }, { token: admin.token });
    expect(r.createResourceCard).toMatchObject({ slug: "getting-started", status: "DRAFT", publishedAt: null, position: 0 });
    expect(r.createResourceCard.steps.map((s: any) => [s.title, s.position])).toEqual([["Sign up", 0], ["Upload", 1]]);
    cardId = r.createResourceCard.id;
    const twin = await app.ok(CREATE, { input: { title: "Getting started" } }, { token: admin.token });
    expect(twin.createResourceCard).toMatchObject({ slug: "getting-started-2", position: 1 });
    expect(errorCode(await app.gql(CREATE, { input: { title: "X", slug: "getting-started" } }, { token: admin.token }))).toBe("CONFLICT");
  });

  it("are invisible to the public while drafts, visible once published (publishedAt stamped once)", async () => {
    expect((await app.ok(LIST)).resourceCards.totalCount).toBe(0);
    expect((await app.ok(`{ resourceCard(slug: "getting-started") { id } }`)).resourceCard).toBeNull();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: cardId })).node).toBeNull();
    expect((await app.ok(LIST, {}, { token: admin.token })).resourceCards.totalCount).toBe(2);

    const pub = await app.ok(UPDATE, { id: cardId, input: { status: "PUBLISHED" } }, { token: admin.token });
    const stamped = pub.updateResourceCard.publishedAt;
    expect(stamped).not.toBeNull();
    const list = await app.ok(LIST);
    expect(list.resourceCards).toEqual({ totalCount: 1, edges: [{ node: { title: "Getting Started!", slug: "getting-started", steps: [{ title: "Sign up" }, { title: "Upload" }] } }] });
    // Archive and publish again: the first publication date stays.
    app.clock.advance(60_000);
    await app.ok(UPDATE, { id: cardId, input: { status: "ARCHIVED" } }, { token: admin.token });
    expect((await app.ok(LIST)).resourceCards.totalCount).toBe(0);
    const again = await app.ok(UPDATE, { id: cardId, input: { status: "PUBLISHED" } }, { token: admin.token });
    expect(again.updateResourceCard.publishedAt).toBe(stamped);
  });

  it("replaces steps: keeps and updates named steps, creates new ones, deletes the rest, in the given order", async () => {
    const card = await app.prisma.resourceCard.findUniqueOrThrow({ where: { id: rawId(cardId) }, include: { steps: { orderBy: { position: "asc" } } } });
    const [signUp, upload] = card.steps;
    const r = await app.ok(
      STEPS,
      { cardId, steps: [{ id: gid("ResourceStep", upload.id), title: "Upload", body: "Add your first story (MP3 or text)." }, { title: "Share", body: "Send the link." }] },
      { token: admin.token },
    );
    expect(r.setResourceSteps.steps.map((s: any) => [s.title, s.position])).toEqual([["Upload", 0], ["Share", 1]]);
    expect(r.setResourceSteps.steps[0].id).toBe(gid("ResourceStep", upload.id));
    expect(await app.prisma.resourceStep.findUnique({ where: { id: signUp.id } })).toBeNull();
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "resource_card.set_steps" } });
    expect((audit.newValues as any).deletedStepIds).toEqual([signUp.id]);

    // A step of another card is refused, and nothing changes.
    const other = await app.prisma.resourceCard.create({ data: { title: "Other", slug: "other", steps: { create: { title: "T", body: "B", position: 0 } } }, include: { steps: true } });
    const bad = await app.gql(STEPS, { cardId, steps: [{ id: gid("ResourceStep", other.steps[0].id), title: "T", body: "B" }] }, { token: admin.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].extensions?.field).toBe("steps.0.id");
    expect(await app.prisma.resourceStep.count({ where: { cardId: rawId(cardId) } })).toBe(2);
  });

  it("reorders all cards and deletes a card with its steps", async () => {
    const cards = await app.prisma.resourceCard.findMany({ orderBy: { position: "asc" } });
    const reversed = [...cards].reverse().map((c) => gid("ResourceCard", c.id));
    const r = await app.ok(`mutation($ids: [ID!]!) { reorderResourceCards(ids: $ids) { slug position } }`, { ids: reversed }, { token: admin.token });
    expect(r.reorderResourceCards.map((c: any) => c.position)).toEqual([0, 1, 2]);
    expect(r.reorderResourceCards.map((c: any) => c.slug)).toEqual([...cards].reverse().map((c) => c.slug));
    const partial = await app.gql(`mutation($ids: [ID!]!) { reorderResourceCards(ids: $ids) { slug } }`, { ids: reversed.slice(1) }, { token: admin.token });
    expect(errorCode(partial)).toBe("BAD_USER_INPUT");

    const del = await app.ok(`mutation($id: ID!) { deleteResourceCard(id: $id) }`, { id: cardId }, { token: admin.token });
    expect(del.deleteResourceCard).toBe(cardId);
    expect(await app.prisma.resourceStep.count({ where: { cardId: rawId(cardId) } })).toBe(0);
    expect((await app.prisma.resourceCard.findMany({ orderBy: { position: "asc" } })).map((c) => c.position)).toEqual([0, 1]);
  });

  it("lists cards with their steps in a constant number of statements", async () => {
    const publish = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await app.prisma.resourceCard.create({
          data: { title: `Bulk ${i}`, slug: `bulk-${n}-${i}`, status: "PUBLISHED", position: 10 + i, steps: { create: [{ title: "a", body: "b", position: 0 }, { title: "c", body: "d", position: 1 }] } },
        });
      }
    };
    const count = async () => {
      const before = app.db.stats.statements;
      await app.ok(LIST);
      return app.db.stats.statements - before;
    };
    await publish(2);
    const few = await count();
    await publish(8);
    expect(await count()).toBe(few);
    expect(few).toBeLessThanOrEqual(3);
  });
});

describe("timeline items", () => {
  const CREATE_T = `mutation($input: CreateTimelineItemInput!) { createTimelineItem(input: $input) { id title status position } }`;
  const LIST_T = `{ timelineItems(first: 50) { totalCount edges { node { title label position } } } }`;

  it("publishes, orders and deletes; the public sees published items in order", async () => {
    const ids: string[] = [];
    for (const [title, status] of [["Beta", "PUBLISHED"], ["Launch", "PUBLISHED"], ["Secret", "DRAFT"]] as const) {
      ids.push((await app.ok(CREATE_T, { input: { title, status, label: `Q${ids.length + 1} 2026` } }, { token: admin.token })).createTimelineItem.id);
    }
    expect(errorCode(await app.gql(CREATE_T, { input: { title: "X" } }, { token: member.token }))).toBe("FORBIDDEN");
    expect((await app.ok(LIST_T)).timelineItems).toEqual({ totalCount: 2, edges: [{ node: { title: "Beta", label: "Q1 2026", position: 0 } }, { node: { title: "Launch", label: "Q2 2026", position: 1 } }] });

    await app.ok(`mutation($ids: [ID!]!) { reorderTimelineItems(ids: $ids) { id } }`, { ids: [ids[2], ids[1], ids[0]] }, { token: admin.token });
    expect((await app.ok(LIST_T)).timelineItems.edges.map((e: any) => e.node.title)).toEqual(["Launch", "Beta"]);

    const moved = await app.ok(`mutation($id: ID!) { updateTimelineItem(id: $id, input: { position: 0, linkUrl: "/changelog" }) { position linkUrl } }`, { id: ids[0] }, { token: admin.token });
    expect(moved.updateTimelineItem).toEqual({ position: 0, linkUrl: "/changelog" });
    const bad = await app.gql(`mutation($id: ID!) { updateTimelineItem(id: $id, input: { linkUrl: "javascript:alert(1)" }) { id } }`, { id: ids[0] }, { token: admin.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");

    await app.ok(`mutation($id: ID!) { deleteTimelineItem(id: $id) }`, { id: ids[1] }, { token: admin.token });
    expect((await app.ok(LIST_T)).timelineItems.edges.map((e: any) => e.node.title)).toEqual(["Beta"]);
    expect((await app.prisma.timelineItem.findMany({ orderBy: { position: "asc" } })).map((t) => [t.title, t.position])).toEqual([["Beta", 0], ["Secret", 1]]);
    expect(await app.prisma.auditLog.count({ where: { entityType: "TimelineItem" } })).toBe(6);
  });
});
