// Public forms: validated per form type, spam-guarded (honeypot, per-IP rate limit, link score),
// stored and audited; admins list, filter and mark them handled.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let admin: TestUser;
let member: TestUser;
let ipSeq = 0;
const freshIp = () => `203.0.113.${++ipSeq}`;

const SUBMIT = `mutation($input: SubmitFormInput!) { submitForm(input: $input) { accepted } }`;
const submit = (input: Record<string, unknown>, ip: string, token?: string) =>
  app.gql(SUBMIT, { input }, { token, headers: { "x-forwarded-for": ip, "user-agent": "FormTest/1.0" } });

const contact = { formType: "CONTACT", name: "Ada", email: "Ada@Example.test", message: "I would like to know more about the plans." };

beforeAll(async () => {
  app = await createTestApp({ env: { FORM_SUBMISSIONS_PER_HOUR: "3" } });
  admin = await makeAdmin(app);
  member = await makeUser(app);
});
afterAll(() => app.close());

describe("submitForm", () => {
  it("stores a valid contact form with the request's IP and user agent, audited, and mails the contact address", async () => {
    await app.prisma.platformSettings.create({ data: { contactEmail: "team@example.test" } });
    const ip = freshIp();
    const r = await submit(contact, ip);
    expect(r.errors).toBeUndefined();
    expect(r.data.submitForm).toEqual({ accepted: true });
    const row = await app.prisma.formSubmission.findFirstOrThrow({ where: { ipAddress: ip } });
    expect(row).toMatchObject({ formType: "CONTACT", name: "Ada", email: "ada@example.test", status: "NEW", userAgent: "FormTest/1.0", userId: null });
    expect(Number(row.spamScore)).toBe(0);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "form_submission.create", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: null, ipAddress: ip });
    const mail = await app.prisma.emailLog.findFirstOrThrow({ where: { emailType: "form_submission" } });
    expect(mail).toMatchObject({ recipientEmail: "team@example.test", status: "PENDING" });
    expect(mail.bodyText).toContain("I would like to know more about the plans.");
  });

  it("validates per form type, naming the field, and stores nothing on error", async () => {
    const before = await app.prisma.formSubmission.count();
    for (const [input, field] of [
      [{ ...contact, message: undefined }, "message"],
      [{ ...contact, message: "short" }, "message"],
      [{ ...contact, email: "not-an-email" }, "email"],
      [{ formType: "SUPPORT", email: "a@example.test", message: "My download link does not work." }, "subject"],
      [{ formType: "LEAD", email: "a@example.test", name: "Bo", fields: { company: "Acme", shoeSize: 44 } }, "fields"],
      [{ formType: "CONSULTATION_REQUEST", name: "Cy", email: "c@example.test", message: "A call about my channel.", fields: { preferredDate: "next tuesday" } }, "fields.preferredDate"],
    ] as const) {
      const r = await submit(input, freshIp());
      expect({ field, code: errorCode(r), reported: r.errors?.[0].extensions?.field }).toEqual({ field, code: "BAD_USER_INPUT", reported: field });
    }
    expect(await app.prisma.formSubmission.count()).toBe(before);
  });

  it("accepts the other form types with their own fields; a signed-in sender is linked", async () => {
    const ip = freshIp();
    expect((await submit({ formType: "NEWSLETTER", email: "n@example.test", fields: { topics: ["releases"] } }, ip)).data.submitForm.accepted).toBe(true);
    expect((await submit({ formType: "LEAD", name: "Bo", email: "bo@example.test", fields: { company: "Acme" } }, ip, member.token)).data.submitForm.accepted).toBe(true);
    const rows = await app.prisma.formSubmission.findMany({ where: { ipAddress: ip }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.formType, r.payload, r.userId])).toEqual([
      ["NEWSLETTER", { topics: ["releases"] }, null],
      ["LEAD", { company: "Acme" }, member.id],
    ]);
  });

  it("answers a bot that filled the honeypot exactly like a person, and stores nothing", async () => {
    const before = { rows: await app.prisma.formSubmission.count(), audit: await app.prisma.auditLog.count() };
    const r = await submit({ ...contact, website: "http://spam.example" }, freshIp());
    expect(r.errors).toBeUndefined();
    expect(r.data.submitForm).toEqual({ accepted: true });
    expect(await app.prisma.formSubmission.count()).toBe(before.rows);
    expect(await app.prisma.auditLog.count()).toBe(before.audit);
  });

  it("rate limits per IP (honeypot and invalid attempts count), with retryAfterSeconds; other IPs are unaffected", async () => {
    const ip = freshIp();
    expect((await submit(contact, ip)).errors).toBeUndefined();
    expect(errorCode(await submit({ ...contact, email: "bad" }, ip))).toBe("BAD_USER_INPUT");
    expect((await submit({ ...contact, website: "x" }, ip)).errors).toBeUndefined();
    const limited = await submit(contact, ip);
    expect(errorCode(limited)).toBe("RATE_LIMITED");
    const retry = limited.errors?.[0].extensions?.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    expect(await app.prisma.formSubmission.count({ where: { ipAddress: ip } })).toBe(1);
    expect((await submit(contact, freshIp())).errors).toBeUndefined();
  });

  it("files link-stuffed messages as SPAM without mailing anyone", async () => {
    const ip = freshIp();
    const mailsBefore = await app.prisma.emailLog.count();
    await submit({ ...contact, message: "Cheap followers https://a.example https://b.example www.c.example" }, ip);
    const row = await app.prisma.formSubmission.findFirstOrThrow({ where: { ipAddress: ip } });
    expect(row.status).toBe("SPAM");
    expect(Number(row.spamScore)).toBe(75);
    expect(await app.prisma.emailLog.count()).toBe(mailsBefore);
  });
});

describe("admin handling", () => {
  const LIST = `query($formType: FormType, $status: FormSubmissionStatus, $search: String) {
    formSubmissions(formType: $formType, status: $status, search: $search, first: 50) { totalCount edges { node { id formType email status handledAt handledBy { id } } } } }`;
  const SET = `mutation($id: ID!, $status: FormSubmissionStatus!) { setFormSubmissionStatus(id: $id, status: $status) { status handledAt handledBy { id } } }`;

  it("is admin-only", async () => {
    expect(errorCode(await app.gql(LIST))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(LIST, {}, { token: member.token }))).toBe("FORBIDDEN");
    const any = await app.prisma.formSubmission.findFirstOrThrow();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("FormSubmission", any.id) }, { token: member.token })).node).toBeNull();
  });

  it("lists newest first with filters, and marks a submission handled (who and when), audited", async () => {
    const all = await app.ok(LIST, {}, { token: admin.token });
    expect(all.formSubmissions.totalCount).toBe(await app.prisma.formSubmission.count());
    const contacts = await app.ok(LIST, { formType: "CONTACT", status: "NEW" }, { token: admin.token });
    expect(contacts.formSubmissions.edges.every((e: any) => e.node.formType === "CONTACT" && e.node.status === "NEW")).toBe(true);
    expect(contacts.formSubmissions.totalCount).toBe(await app.prisma.formSubmission.count({ where: { formType: "CONTACT", status: "NEW" } }));
    expect((await app.ok(LIST, { search: "plans" }, { token: admin.token })).formSubmissions.totalCount).toBeGreaterThan(0);

    const target = contacts.formSubmissions.edges[0].node;
    app.clock.advance(60_000);
    const r = await app.ok(SET, { id: target.id, status: "HANDLED" }, { token: admin.token });
    expect(r.setFormSubmissionStatus.status).toBe("HANDLED");
    expect(r.setFormSubmissionStatus.handledBy.id).toBe(gid("User", admin.id));
    expect(Math.abs(new Date(r.setFormSubmissionStatus.handledAt).getTime() - app.clock.now().getTime())).toBeLessThan(5_000);
    const handled = await app.ok(LIST, { status: "HANDLED" }, { token: admin.token });
    expect(handled.formSubmissions.edges.map((e: any) => e.node.id)).toEqual([target.id]);
    expect(await app.prisma.auditLog.count({ where: { action: "form_submission.set_status" } })).toBe(1);

    const reopened = await app.ok(SET, { id: target.id, status: "NEW" }, { token: admin.token });
    expect(reopened.setFormSubmissionStatus).toEqual({ status: "NEW", handledAt: null, handledBy: null });
  });
});
