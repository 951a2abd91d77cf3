// Password reset and e-mail verification by mailed link: the same answer whether or not the
// account exists, hashed single-use tokens that expire, all sessions revoked on reset, and the
// link never in a log line, an error or an audit row.
import { createHash } from "node:crypto";
import { loadConfig } from "../../src/core/config.ts";
import { createDb } from "../../src/db/client.ts";
import { hashPassword } from "../../src/domains/identity/passwords.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { createTestApp, errorCode, TEST_JWT_SECRET, TestClock, type TestApp } from "../helpers/app.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { createUser, lastMail, PASSWORD, signIn, tokenFromMail } from "../helpers/factories/identity.ts";

const REQUEST = `mutation($e: String!) { requestPasswordReset(email: $e) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`;
const NEW_PASSWORD = "Brand-new-secret-42";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("password reset", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ env: { PUBLIC_APP_URL: "https://app.example.test" } });
  });
  afterAll(() => app.close());

  it("answers the same for an existing and an unknown e-mail; only the account gets a mail", async () => {
    const user = await createUser(app);
    const known = await app.gql(REQUEST, { e: user.email.toUpperCase() }, { headers: { "x-forwarded-for": "192.0.2.1" } });
    const unknown = await app.gql(REQUEST, { e: "nobody-here@example.test" }, { headers: { "x-forwarded-for": "192.0.2.1" } });
    expect(known.data).toEqual({ requestPasswordReset: true });
    expect(unknown.data).toEqual(known.data);
    expect(unknown.errors).toBeUndefined();
    expect(await app.prisma.emailLog.count({ where: { recipientEmail: "nobody-here@example.test" } })).toBe(0);
    const mail = await lastMail(app, user.email, "password_reset");
    expect(mail).toMatchObject({ status: "PENDING", userId: user.id, subject: "Reset your password" });
    expect(mail!.bodyText).toContain("https://app.example.test/reset-password?token=");
    // Only the hash is stored.
    const token = tokenFromMail(mail!.bodyText);
    const row = await app.prisma.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: sha(token) } });
    expect(row.userId).toBe(user.id);
    expect(await app.prisma.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0);
  });

  it("rejects a malformed e-mail with BAD_USER_INPUT (format, not existence)", async () => {
    const r = await app.gql(REQUEST, { e: "not-an-email" });
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.field).toBe("email");
  });

  it("sets the new password, revokes every session, and works only once", async () => {
    const user = await createUser(app);
    const phone = await signIn(app, user.email);
    const laptop = await signIn(app, user.email);
    await app.ok(REQUEST, { e: user.email });
    const token = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);

    expect(await app.ok(RESET, { t: token, p: NEW_PASSWORD })).toEqual({ resetPassword: true });
    for (const s of [phone, laptop]) {
      expect(errorCode(await app.gql(`{ viewer { id } }`, {}, { token: s.accessToken }))).toBe("UNAUTHENTICATED");
      expect(errorCode(await app.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
    }
    expect(errorCode(await app.gql(SIGN_IN, { e: user.email, p: PASSWORD }))).toBe("UNAUTHENTICATED");
    expect((await app.ok(SIGN_IN, { e: user.email, p: NEW_PASSWORD })).signIn.accessToken).toBeTruthy();

    const again = await app.gql(RESET, { t: token, p: "Yet-another-secret-7" });
    expect(errorCode(again)).toBe("BAD_USER_INPUT");
    expect(again.errors![0].extensions!.field).toBe("token");
    expect((await app.ok(SIGN_IN, { e: user.email, p: NEW_PASSWORD })).signIn.accessToken).toBeTruthy();
  });

  it("spending one link spends the others sent to the same account", async () => {
    const user = await createUser(app);
    await app.ok(REQUEST, { e: user.email });
    const first = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);
    app.clock.advance(1000);
    await app.ok(REQUEST, { e: user.email });
    const second = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);
    expect(second).not.toBe(first);
    await app.ok(RESET, { t: second, p: NEW_PASSWORD });
    expect(errorCode(await app.gql(RESET, { t: first, p: "Yet-another-secret-7" }))).toBe("BAD_USER_INPUT");
  });

  it("expires: a link older than PASSWORD_RESET_TTL_MINUTES is refused", async () => {
    const user = await createUser(app);
    await app.ok(REQUEST, { e: user.email });
    const token = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);
    app.clock.advance((app.config.PASSWORD_RESET_TTL_MINUTES * 60 + 1) * 1000);
    expect(errorCode(await app.gql(RESET, { t: token, p: NEW_PASSWORD }))).toBe("BAD_USER_INPUT");
    expect((await app.ok(SIGN_IN, { e: user.email, p: PASSWORD })).signIn.accessToken).toBeTruthy();
  });

  it("validates the new password before touching anything", async () => {
    const user = await createUser(app);
    await app.ok(REQUEST, { e: user.email });
    const token = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);
    const r = await app.gql(RESET, { t: token, p: "short" });
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.field).toBe("newPassword");
    // The token was not spent by the failed attempt.
    expect(await app.ok(RESET, { t: token, p: NEW_PASSWORD })).toEqual({ resetPassword: true });
  });

  it("rejects a link for a deleted account", async () => {
    const user = await createUser(app);
    await app.ok(REQUEST, { e: user.email });
    const token = tokenFromMail((await lastMail(app, user.email, "password_reset"))!.bodyText);
    await app.prisma.user.update({ where: { id: user.id }, data: { deletedAt: app.clock.now() } });
    expect(errorCode(await app.gql(RESET, { t: token, p: NEW_PASSWORD }))).toBe("BAD_USER_INPUT");
  });

  it("stops mailing an address after a few requests an hour, still answering true", async () => {
    const user = await createUser(app);
    for (let i = 0; i < 5; i++) expect(await app.ok(REQUEST, { e: user.email }, { headers: { "x-forwarded-for": `192.0.2.${50 + i}` } })).toEqual({ requestPasswordReset: true });
    expect(await app.prisma.emailLog.count({ where: { recipientEmail: user.email, emailType: "password_reset" } })).toBe(3);
  });

  it("answers RATE_LIMITED to an IP that asks for too many resets", async () => {
    const headers = { "x-forwarded-for": "198.18.0.9" };
    for (let i = 0; i < 20; i++) await app.ok(REQUEST, { e: `someone${i}@example.test` }, { headers });
    const r = await app.gql(REQUEST, { e: "someone-else@example.test" }, { headers });
    expect(errorCode(r)).toBe("RATE_LIMITED");
    expect(r.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe("e-mail verification", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const VERIFIED = `{ viewer { emailVerified } }`;

  it("signUp mails a verification link; verifyEmail spends it once, without sign-in", async () => {
    const r = await app.ok(`mutation { signUp(email: "Fresh@Example.test", password: "Long-enough-1", displayName: "Fresh") { accessToken user { id } } }`);
    const token = r.signUp.accessToken;
    expect((await app.ok(VERIFIED, {}, { token })).viewer.emailVerified).toBe(false);
    const mail = await lastMail(app, "fresh@example.test", "email_verification");
    const link = tokenFromMail(mail!.bodyText);
    expect(await app.ok(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: link })).toEqual({ verifyEmail: true });
    expect((await app.ok(VERIFIED, {}, { token })).viewer.emailVerified).toBe(true);
    const again = await app.gql(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: link });
    expect(errorCode(again)).toBe("BAD_USER_INPUT");
  });

  it("requestEmailVerification needs sign-in, mails a fresh link, and refuses an already verified address", async () => {
    expect(errorCode(await app.gql(`mutation { requestEmailVerification }`))).toBe("UNAUTHENTICATED");
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    expect(await app.ok(`mutation { requestEmailVerification }`, {}, { token: s.accessToken })).toEqual({ requestEmailVerification: true });
    const link = tokenFromMail((await lastMail(app, user.email, "email_verification"))!.bodyText);
    await app.ok(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: link });
    const r = await app.gql(`mutation { requestEmailVerification }`, {}, { token: s.accessToken });
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.reason).toBe("ALREADY_VERIFIED");
  });

  it("refuses an expired link and a link for an address the account no longer has", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    await app.ok(`mutation { requestEmailVerification }`, {}, { token: s.accessToken });
    const old = tokenFromMail((await lastMail(app, user.email, "email_verification"))!.bodyText);
    await app.prisma.user.update({ where: { id: user.id }, data: { email: `changed-${user.email}` } });
    expect(errorCode(await app.gql(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: old }))).toBe("BAD_USER_INPUT");

    const token = (await signIn(app, `changed-${user.email}`)).accessToken;
    await app.ok(`mutation { requestEmailVerification }`, {}, { token });
    const fresh = tokenFromMail((await lastMail(app, `changed-${user.email}`, "email_verification"))!.bodyText);
    app.clock.advance((app.config.EMAIL_VERIFICATION_TTL_HOURS * 3600 + 1) * 1000);
    expect(errorCode(await app.gql(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: fresh }))).toBe("BAD_USER_INPUT");
    expect((await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
  });
});

describe("secrets stay out of logs, errors and the audit trail", () => {
  it("never writes the reset link, the token or a password anywhere but the mail", async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "trace", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: database.url, JOBS_SCHEDULER_ENABLED: "false" });
    const log = createLogger("trace", { write: (s: string) => void lines.push(s) });
    const db = createDb({ url: database.url, poolMax: database.poolMax });
    const { yoga } = createApp({ config, db, log, databaseKind: database.kind, clock: new TestClock().now });
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await yoga.fetch("http://test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] };
    };
    try {
      const fake = { email: "secret-keeper@example.test" };
      await db.prisma.user.create({ data: { ...fake, passwordHash: await hashPassword(PASSWORD) } });
      await gql(REQUEST, { e: fake.email });
      const mail = await db.prisma.emailLog.findFirstOrThrow({ where: { recipientEmail: fake.email, emailType: "password_reset" } });
      const token = tokenFromMail(mail.bodyText);
      const wrongToken = `${token.slice(0, -4)}AAAA`;
      const bad = await gql(RESET, { t: wrongToken, p: NEW_PASSWORD });
      expect(bad.errors![0].extensions.code).toBe("BAD_USER_INPUT");
      const good = await gql(RESET, { t: token, p: NEW_PASSWORD });
      expect(good.data).toEqual({ resetPassword: true });
      await gql(SIGN_IN, { e: fake.email, p: "Wrong-password-123" });

      const errorsText = JSON.stringify([bad, good]);
      const audit = JSON.stringify(await db.prisma.auditLog.findMany());
      const logs = lines.join("\n");
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [token, wrongToken, NEW_PASSWORD, PASSWORD, "Wrong-password-123", "reset-password?token"]) {
        expect({ secret, inLogs: logs.includes(secret), inErrors: errorsText.includes(secret), inAudit: audit.includes(secret) }).toEqual({ secret, inLogs: false, inErrors: false, inAudit: false });
      }
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
