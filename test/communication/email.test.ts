// E-mail: templates (declared variables, preview with a missing variable as an error), the outbox
// (PENDING → SENT / FAILED with attempts and provider id) delivered by the file transport into a
// temporary directory and by SMTP to a local fake server, and the admin log.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { jobs } from "../../src/domains/communication/jobs.ts";
import { queueEmail } from "../../src/core/outbox.ts";
import { queueTemplateEmail } from "../../src/core/outbox.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

const deliveryJob = jobs.filter((j) => j.name === "communication.deliver_email");
const deliver = async (app: TestApp) => (await runJobsOnce(app.runtime, deliveryJob))["communication.deliver_email"] as Record<string, number>;

const queue = (app: TestApp, to: string, subject = "Welcome", text = "Hello there") =>
  app.prisma.$transaction((tx) => queueEmail(tx as never, { to, emailType: "welcome", subject, text, html: `<p>${text}</p>` }));

describe("templates", () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;
  const CREATE = `mutation($input: CreateEmailTemplateInput!) { createEmailTemplate(input: $input) { id key variables } }`;
  const RENDER = `query($key: String!, $variables: JSON) { renderEmailTemplate(key: $key, variables: $variables) { subject html text } }`;
  const welcome = {
    key: "welcome",
    name: "Welcome",
    subject: "Welcome to {{ platform }}, {{name}}",
    bodyHtml: "<p>Hi {{ name }}, your plan is {{plan}}.</p>",
    bodyText: "Hi {{ name }}, your plan is {{plan}}.",
    variables: ["platform", "name", "plan"],
  };

  beforeAll(async () => {
    app = await createTestApp();
    admin = await makeAdmin(app);
    member = await makeUser(app);
  });
  afterAll(() => app.close());

  it("are managed by admins, every placeholder declared, keys unique", async () => {
    expect(errorCode(await app.gql(CREATE, { input: welcome }, { token: member.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(`{ emailTemplates(first: 5) { totalCount } }`, {}, { token: member.token }))).toBe("FORBIDDEN");
    const undeclared = await app.gql(CREATE, { input: { ...welcome, variables: ["platform", "name"] } }, { token: admin.token });
    expect(errorCode(undeclared)).toBe("BAD_USER_INPUT");
    expect(undeclared.errors?.[0].extensions?.field).toBe("variables");
    expect(undeclared.errors?.[0].message).toContain("plan");
    const r = await app.ok(CREATE, { input: welcome }, { token: admin.token });
    expect(r.createEmailTemplate).toMatchObject({ key: "welcome", variables: ["platform", "name", "plan"] });
    expect(errorCode(await app.gql(CREATE, { input: welcome }, { token: admin.token }))).toBe("CONFLICT");

    const upd = await app.gql(`mutation($id: ID!) { updateEmailTemplate(id: $id, input: { bodyText: "Bye {{ who }}" }) { id } }`, { id: r.createEmailTemplate.id }, { token: admin.token });
    expect(errorCode(upd)).toBe("BAD_USER_INPUT");
    const ok = await app.ok(`mutation($id: ID!) { updateEmailTemplate(id: $id, input: { name: "Welcome mail" }) { id } }`, { id: r.createEmailTemplate.id }, { token: admin.token });
    expect(ok.updateEmailTemplate.id).toBe(r.createEmailTemplate.id);
    expect(await app.prisma.auditLog.count({ where: { entityType: "EmailTemplate" } })).toBe(2);
  });

  it("preview with sample values, escaping HTML; a missing or undeclared variable is BAD_USER_INPUT naming it", async () => {
    const r = await app.ok(RENDER, { key: "welcome", variables: { platform: "Hub", name: "<Ada>", plan: "Pro" } }, { token: admin.token });
    expect(r.renderEmailTemplate).toEqual({
      subject: "Welcome to Hub, <Ada>",
      html: "<p>Hi &lt;Ada&gt;, your plan is Pro.</p>",
      text: "Hi <Ada>, your plan is Pro.",
    });
    const missing = await app.gql(RENDER, { key: "welcome", variables: { platform: "Hub", name: "Ada" } }, { token: admin.token });
    expect(errorCode(missing)).toBe("BAD_USER_INPUT");
    expect(missing.errors?.[0].extensions?.field).toBe("variables.plan");
    const extra = await app.gql(RENDER, { key: "welcome", variables: { platform: "Hub", name: "Ada", plan: "Pro", coupon: "X" } }, { token: admin.token });
    expect(extra.errors?.[0].extensions?.field).toBe("variables.coupon");
    expect(errorCode(await app.gql(RENDER, { key: "nope", variables: {} }, { token: admin.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(RENDER, { key: "welcome", variables: {} }))).toBe("UNAUTHENTICATED");
  });

  it("queueTemplateEmail renders the active template into the outbox, and refuses a missing variable", async () => {
    await app.prisma.$transaction((tx) =>
      queueTemplateEmail(tx as never, { to: "ada@example.test", templateKey: "welcome", emailType: "welcome", variables: { platform: "Hub", name: "Ada", plan: "Free" } }),
    );
    const mail = await app.prisma.emailLog.findFirstOrThrow({ where: { templateKey: "welcome" } });
    expect(mail).toMatchObject({ subject: "Welcome to Hub, Ada", bodyText: "Hi Ada, your plan is Free.", status: "PENDING", attempts: 0 });
    await expect(
      app.prisma.$transaction((tx) => queueTemplateEmail(tx as never, { to: "x@example.test", templateKey: "welcome", emailType: "welcome", variables: { name: "Ada" } })),
    ).rejects.toThrow(/platform, plan/);
    expect(await app.prisma.emailLog.count()).toBe(1);
  });
});

describe("outbox delivery with the file transport", () => {
  let app: TestApp;
  let admin: TestUser;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-mail-"));
    app = await createTestApp({ env: { MAIL_TRANSPORT: "file", MAIL_FILE_DIR: dir, MAIL_FROM: "Hub <hello@hub.example>" } });
    admin = await makeAdmin(app);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("moves PENDING mails to SENT with the provider id and writes one .eml file each; a second run sends nothing", async () => {
    const a = await queue(app, "ada@example.test", "Welcome Ada", "Hello Ada");
    const b = await queue(app, "bob@example.test", "Welcome Bob", "Hello Bob");
    expect(await deliver(app)).toEqual({ claimed: 2, sent: 2, retrying: 0, failed: 0 });
    for (const [row, who] of [[a, "Ada"], [b, "Bob"]] as const) {
      const log = await app.prisma.emailLog.findUniqueOrThrow({ where: { id: row.id } });
      expect(log).toMatchObject({ status: "SENT", attempts: 1, provider: "file", providerMessageId: `<${row.id}@hub.example>`, errorMessage: null });
      expect(log.sentAt).not.toBeNull();
      const eml = fs.readFileSync(path.join(dir, `${row.id}.eml`), "utf8");
      expect(eml).toContain(`Subject: Welcome ${who}`);
      expect(eml).toContain(`To: ${who.toLowerCase()}@example.test`);
      expect(eml).toContain("From: Hub <hello@hub.example>");
      expect(eml).toContain(`Message-ID: <${row.id}@hub.example>`);
      expect(eml).toContain(`Hello ${who}`);
    }
    expect(fs.readdirSync(dir).sort()).toEqual([`${a.id}.eml`, `${b.id}.eml`].sort());
    expect(await deliver(app)).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
  });

  it("uses the platform's from address when one is set", async () => {
    await app.prisma.platformSettings.create({ data: { emailFromName: "Creator Hub", emailFromAddress: "news@hub.example" } });
    const m = await queue(app, "cy@example.test");
    await deliver(app);
    expect(fs.readFileSync(path.join(dir, `${m.id}.eml`), "utf8")).toContain("From: Creator Hub <news@hub.example>");
  });

  it("lets admins query the log with filters", async () => {
    const q = `query($status: EmailStatus, $recipient: String) { emailLogs(status: $status, recipient: $recipient, first: 10) { totalCount edges { node { recipientEmail status attempts provider } } } }`;
    const sent = await app.ok(q, { status: "SENT" }, { token: admin.token });
    expect(sent.emailLogs.totalCount).toBe(3);
    const one = await app.ok(q, { recipient: "ADA@example.test" }, { token: admin.token });
    expect(one.emailLogs.edges).toEqual([{ node: { recipientEmail: "ada@example.test", status: "SENT", attempts: 1, provider: "file" } }]);
    const member = await makeUser(app);
    expect(errorCode(await app.gql(q, {}, { token: member.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(q, {}))).toBe("UNAUTHENTICATED");
  });
});

describe("outbox failures: retries with backoff, then FAILED; admins can retry", () => {
  let app: TestApp;
  let admin: TestUser;
  let blocker: string;

  beforeAll(async () => {
    // MAIL_FILE_DIR is a regular file: every write fails like an unreachable provider would.
    blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gw-mail-")), "not-a-dir");
    fs.writeFileSync(blocker, "");
    app = await createTestApp({ env: { MAIL_TRANSPORT: "file", MAIL_FILE_DIR: blocker, MAIL_MAX_ATTEMPTS: "3" } });
    admin = await makeAdmin(app);
  });
  afterAll(() => app.close());

  it("keeps a failing mail PENDING with the error, waits out the backoff, and gives up after MAIL_MAX_ATTEMPTS", async () => {
    const m = await queue(app, "ada@example.test");
    expect(await deliver(app)).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    let log = await app.prisma.emailLog.findUniqueOrThrow({ where: { id: m.id } });
    expect(log).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null });
    expect(log.errorMessage).toMatch(/ENOTDIR|EEXIST|not a directory/i);

    // Inside the backoff window (1 minute after the first attempt) nothing is claimed.
    expect((await deliver(app)).claimed).toBe(0);
    app.clock.advance(61_000);
    expect(await deliver(app)).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    // Second backoff is 2 minutes.
    app.clock.advance(61_000);
    expect((await deliver(app)).claimed).toBe(0);
    app.clock.advance(61_000);
    expect(await deliver(app)).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 1 });
    log = await app.prisma.emailLog.findUniqueOrThrow({ where: { id: m.id } });
    expect(log).toMatchObject({ status: "FAILED", attempts: 3 });
    app.clock.advance(3_600_000);
    expect((await deliver(app)).claimed).toBe(0);
  });

  it("retryEmail puts a FAILED mail back in the queue (audited); other states are a CONFLICT", async () => {
    const failed = await app.prisma.emailLog.findFirstOrThrow({ where: { status: "FAILED" } });
    const token = await app.token(admin.id);
    const r = await app.ok(`mutation($id: ID!) { retryEmail(id: $id) { status attempts errorMessage } }`, { id: gid("EmailLog", failed.id) }, { token });
    expect(r.retryEmail).toEqual({ status: "PENDING", attempts: 0, errorMessage: null });
    expect(await app.prisma.auditLog.count({ where: { action: "email.retry", entityId: failed.id } })).toBe(1);
    const again = await app.gql(`mutation($id: ID!) { retryEmail(id: $id) { status } }`, { id: gid("EmailLog", failed.id) }, { token });
    expect(errorCode(again)).toBe("CONFLICT");
  });
});

describe("outbox delivery over SMTP", () => {
  let app: TestApp;
  let server: net.Server;
  const received: { rcpt: string[]; data: string }[] = [];

  beforeAll(async () => {
    // A minimal SMTP server: enough of RFC 5321 for nodemailer (EHLO, MAIL, RCPT, DATA, QUIT).
    server = net.createServer((sock) => {
      let buf = "";
      let inData = false;
      let current = { rcpt: [] as string[], data: "" };
      sock.write("220 fake.test ESMTP\r\n");
      sock.on("data", (chunk) => {
        buf += chunk.toString("utf8");
        for (let i = buf.indexOf("\r\n"); i >= 0; i = buf.indexOf("\r\n")) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (inData) {
            if (line === ".") {
              inData = false;
              received.push(current);
              sock.write("250 2.0.0 Ok: queued as FAKE123\r\n");
            } else current.data += line + "\n";
            continue;
          }
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === "EHLO") sock.write("250-fake.test\r\n250 8BITMIME\r\n");
          else if (cmd === "HELO") sock.write("250 fake.test\r\n");
          else if (cmd === "MAIL") (current = { rcpt: [], data: "" }), sock.write("250 2.1.0 Ok\r\n");
          else if (cmd === "RCPT") {
            if (/reject/i.test(line)) sock.write("550 5.1.1 No such user\r\n");
            else current.rcpt.push(line), sock.write("250 2.1.5 Ok\r\n");
          } else if (cmd === "DATA") (inData = true), sock.write("354 End data with <CR><LF>.<CR><LF>\r\n");
          else if (cmd === "RSET") sock.write("250 Ok\r\n");
          else if (cmd === "QUIT") sock.end("221 Bye\r\n");
          else sock.write("502 5.5.2 Error: command not recognized\r\n");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    app = await createTestApp({ env: { MAIL_TRANSPORT: "smtp", SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "hello@hub.example" } });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((r) => server.close(r));
  });

  it("hands the mail to the SMTP server and records SENT; a rejected recipient stays PENDING with the error", async () => {
    const ok = await queue(app, "ada@example.test", "Over SMTP", "Hello by SMTP");
    const bad = await queue(app, "reject@example.test", "Nope", "x");
    expect(await deliver(app)).toEqual({ claimed: 2, sent: 1, retrying: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0].rcpt[0]).toContain("ada@example.test");
    expect(received[0].data).toContain("Subject: Over SMTP");
    expect(received[0].data).toContain("Hello by SMTP");
    expect(await app.prisma.emailLog.findUniqueOrThrow({ where: { id: ok.id } })).toMatchObject({ status: "SENT", provider: "smtp", providerMessageId: `<${ok.id}@hub.example>` });
    const rejected = await app.prisma.emailLog.findUniqueOrThrow({ where: { id: bad.id } });
    expect(rejected).toMatchObject({ status: "PENDING", attempts: 1, provider: "smtp" });
    expect(rejected.errorMessage).toMatch(/reject|550/i);
  });
});
