// Audit scenarios for the site content and form mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { gid, makeAdmin } from "../helpers/factories/site.ts";

const card = (app: Parameters<AuditScenarios[string]>[0], slug: string, position = 0) =>
  app.prisma.resourceCard.create({ data: { title: slug, slug, position, steps: { create: [{ title: "One", body: "1", position: 0 }, { title: "Two", body: "2", position: 1 }] } }, include: { steps: true } });

const timeline = (app: Parameters<AuditScenarios[string]>[0], title: string, position = 0) =>
  app.prisma.timelineItem.create({ data: { title, position } });

export const scenarios: AuditScenarios = {
  createResourceCard: async (app) => ({
    query: `mutation { createResourceCard(input: { title: "Start here", steps: [{ title: "One", body: "Do this." }] }) { id } }`,
    token: (await makeAdmin(app)).token,
  }),
  updateResourceCard: async (app) => {
    const c = await card(app, "c1");
    return { query: `mutation($id: ID!) { updateResourceCard(id: $id, input: { status: PUBLISHED }) { id } }`, variables: { id: gid("ResourceCard", c.id) }, token: (await makeAdmin(app)).token };
  },
  deleteResourceCard: async (app) => {
    const c = await card(app, "c1");
    return { query: `mutation($id: ID!) { deleteResourceCard(id: $id) }`, variables: { id: gid("ResourceCard", c.id) }, token: (await makeAdmin(app)).token };
  },
  reorderResourceCards: async (app) => {
    const a = await card(app, "a", 0);
    const b = await card(app, "b", 1);
    return {
      query: `mutation($ids: [ID!]!) { reorderResourceCards(ids: $ids) { id } }`,
      variables: { ids: [gid("ResourceCard", b.id), gid("ResourceCard", a.id)] },
      token: (await makeAdmin(app)).token,
    };
  },
  setResourceSteps: async (app) => {
    const c = await card(app, "c1");
    const two = c.steps.find((s) => s.title === "Two")!;
    return {
      query: `mutation($id: ID!, $steps: [ResourceStepInput!]!) { setResourceSteps(cardId: $id, steps: $steps) { id } }`,
      variables: { id: gid("ResourceCard", c.id), steps: [{ id: gid("ResourceStep", two.id), title: "Two", body: "2" }, { title: "Three", body: "3" }] },
      token: (await makeAdmin(app)).token,
    };
  },
  createTimelineItem: async (app) => ({
    query: `mutation { createTimelineItem(input: { title: "Launch", status: PUBLISHED }) { id } }`,
    token: (await makeAdmin(app)).token,
  }),
  updateTimelineItem: async (app) => {
    const t = await timeline(app, "Beta");
    return { query: `mutation($id: ID!) { updateTimelineItem(id: $id, input: { label: "Q3" }) { id } }`, variables: { id: gid("TimelineItem", t.id) }, token: (await makeAdmin(app)).token };
  },
  deleteTimelineItem: async (app) => {
    const t = await timeline(app, "Beta");
    return { query: `mutation($id: ID!) { deleteTimelineItem(id: $id) }`, variables: { id: gid("TimelineItem", t.id) }, token: (await makeAdmin(app)).token };
  },
  reorderTimelineItems: async (app) => {
    const a = await timeline(app, "A", 0);
    const b = await timeline(app, "B", 1);
    return {
      query: `mutation($ids: [ID!]!) { reorderTimelineItems(ids: $ids) { id } }`,
      variables: { ids: [gid("TimelineItem", b.id), gid("TimelineItem", a.id)] },
      token: (await makeAdmin(app)).token,
    };
  },
  submitForm: async (app) => {
    await app.prisma.platformSettings.create({ data: { contactEmail: "team@example.test" } });
    return {
      query: `mutation { submitForm(input: { formType: CONTACT, name: "Ada", email: "ada@example.test", message: "Tell me about the plans, please." }) { accepted } }`,
    };
  },
  setFormSubmissionStatus: async (app) => {
    const f = await app.prisma.formSubmission.create({ data: { formType: "CONTACT", email: "a@example.test", message: "Hello there, anyone?" } });
    return {
      query: `mutation($id: ID!) { setFormSubmissionStatus(id: $id, status: HANDLED) { status } }`,
      variables: { id: gid("FormSubmission", f.id) },
      token: (await makeAdmin(app)).token,
    };
  },
};
