// Audit scenarios for the communication mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { gid, makeAdmin, makeUser } from "../helpers/factories/site.ts";

type App = Parameters<AuditScenarios[string]>[0];

const template = (app: App) =>
  app.prisma.emailTemplate.create({ data: { key: "audit.welcome", name: "Welcome", subject: "Hi {{name}}", bodyHtml: "<p>Hi {{name}}</p>", variables: ["name"] } });

async function conversation(app: App) {
  const [ada, bob] = [await makeUser(app), await makeUser(app)];
  const first = await app.prisma.emailMessage.create({ data: { senderId: ada.id, recipientId: bob.id, subject: "Hello", body: "Hi Bob" } });
  await app.prisma.emailMessage.update({ where: { id: first.id }, data: { threadId: first.id } });
  return { ada, bob, first };
}

export const scenarios: AuditScenarios = {
  createEmailTemplate: async (app) => ({
    query: `mutation { createEmailTemplate(input: { key: "audit.new", name: "New", subject: "Hi {{name}}", bodyHtml: "<p>{{name}}</p>", variables: ["name"] }) { id } }`,
    token: (await makeAdmin(app)).token,
  }),
  updateEmailTemplate: async (app) => {
    const t = await template(app);
    return { query: `mutation($id: ID!) { updateEmailTemplate(id: $id, input: { name: "Welcome!" }) { id } }`, variables: { id: gid("EmailTemplate", t.id) }, token: (await makeAdmin(app)).token };
  },
  deleteEmailTemplate: async (app) => {
    const t = await template(app);
    return { query: `mutation($id: ID!) { deleteEmailTemplate(id: $id) }`, variables: { id: gid("EmailTemplate", t.id) }, token: (await makeAdmin(app)).token };
  },
  retryEmail: async (app) => {
    const m = await app.prisma.emailLog.create({ data: { recipientEmail: "a@example.test", emailType: "welcome", subject: "Hi", status: "FAILED", attempts: 5, errorMessage: "boom" } });
    return { query: `mutation($id: ID!) { retryEmail(id: $id) { status } }`, variables: { id: gid("EmailLog", m.id) }, token: (await makeAdmin(app)).token };
  },
  sendMessage: async (app) => {
    const [ada, bob] = [await makeUser(app), await makeUser(app)];
    return {
      query: `mutation($to: ID!) { sendMessage(input: { recipientId: $to, subject: "Hello", body: "Hi Bob" }) { id } }`,
      variables: { to: gid("User", bob.id) },
      token: ada.token,
    };
  },
  markMessageRead: async (app) => {
    const { bob, first } = await conversation(app);
    return { query: `mutation($id: ID!) { markMessageRead(id: $id) { readAt } }`, variables: { id: gid("EmailMessage", first.id) }, token: bob.token };
  },
  markThreadRead: async (app) => {
    const { bob, first } = await conversation(app);
    return { query: `mutation($id: ID!) { markThreadRead(id: $id) }`, variables: { id: gid("EmailMessage", first.id) }, token: bob.token };
  },
  deleteMessage: async (app) => {
    const { bob, first } = await conversation(app);
    return { query: `mutation($id: ID!) { deleteMessage(id: $id) }`, variables: { id: gid("EmailMessage", first.id) }, token: bob.token };
  },
  markNotificationRead: async (app) => {
    const u = await makeUser(app);
    const n = await app.prisma.notification.create({ data: { userId: u.id, type: "SYSTEM", title: "Hi", message: "Hello" } });
    return { query: `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, variables: { id: gid("Notification", n.id) }, token: u.token };
  },
  markAllNotificationsRead: async (app) => {
    const u = await makeUser(app);
    await app.prisma.notification.createMany({ data: [1, 2].map((i) => ({ userId: u.id, type: "SYSTEM" as const, title: `N${i}`, message: "x" })) });
    return { query: `mutation { markAllNotificationsRead }`, token: u.token };
  },
  createSystemNotification: async (app) => {
    const u = await makeUser(app);
    return {
      query: `mutation($u: ID!) { createSystemNotification(input: { userId: $u, title: "Maintenance", message: "Sunday" }) { id } }`,
      variables: { u: gid("User", u.id) },
      token: (await makeAdmin(app)).token,
    };
  },
};
