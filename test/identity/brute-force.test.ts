// Sign-in brute force: per e-mail and per IP limits, a lockout that grows with every repeat,
// the same answers for unknown e-mails and wrong passwords, and a success that clears the count.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser, PASSWORD } from "../helpers/factories/identity.ts";

const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`;
let ipSeq = 0;
const freshIp = () => ({ "x-forwarded-for": `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

describe("sign-in brute force", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      env: { SIGNIN_MAX_FAILURES_PER_EMAIL: "3", SIGNIN_MAX_FAILURES_PER_IP: "6", SIGNIN_LOCKOUT_BASE_SECONDS: "30", SIGNIN_LOCKOUT_MAX_SECONDS: "100" },
    });
  });
  afterAll(() => app.close());

  const attempt = (email: string, password: string, headers = freshIp()) => app.gql(SIGN_IN, { e: email, p: password }, { headers });

  it("answers an unknown e-mail and a wrong password identically", async () => {
    const user = await createUser(app);
    const wrong = await attempt(user.email, "Wrong-password-1");
    const unknown = await attempt("nobody@example.test", "Wrong-password-1");
    expect(errorCode(wrong)).toBe("UNAUTHENTICATED");
    expect(unknown.errors).toEqual(wrong.errors);
    expect(unknown.data).toEqual(wrong.data);
  });

  it("locks an e-mail after too many failures (from any IP), with retryAfterSeconds, even for the right password", async () => {
    const user = await createUser(app);
    for (let i = 0; i < 3; i++) expect(errorCode(await attempt(user.email, `Wrong-password-${i}`))).toBe("UNAUTHENTICATED");
    const locked = await attempt(user.email, "Wrong-password-9");
    expect(errorCode(locked)).toBe("RATE_LIMITED");
    expect(locked.errors![0].extensions!.retryAfterSeconds).toBe(30);
    const right = await attempt(user.email, PASSWORD);
    expect(errorCode(right)).toBe("RATE_LIMITED");
    expect(right.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(right.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(30);
    // After the delay the right password works again.
    app.clock.advance(31_000);
    expect((await app.ok(SIGN_IN, { e: user.email, p: PASSWORD }, { headers: freshIp() })).signIn.accessToken).toBeTruthy();
  });

  it("doubles the lockout each time it repeats, up to the maximum", async () => {
    const user = await createUser(app);
    const delays: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3; i++) expect(errorCode(await attempt(user.email, "Wrong-password-1"))).toBe("UNAUTHENTICATED");
      const locked = await attempt(user.email, "Wrong-password-1");
      expect(errorCode(locked)).toBe("RATE_LIMITED");
      delays.push(locked.errors![0].extensions!.retryAfterSeconds);
      app.clock.advance(delays[round] * 1000 + 1000);
    }
    expect(delays).toEqual([30, 60, 100, 100]);
  });

  it("treats unknown e-mails the same way (the lockout reveals nothing)", async () => {
    const email = "ghost-account@example.test";
    for (let i = 0; i < 3; i++) expect(errorCode(await attempt(email, "Wrong-password-1"))).toBe("UNAUTHENTICATED");
    const locked = await attempt(email, "Wrong-password-1");
    expect(errorCode(locked)).toBe("RATE_LIMITED");
    expect(locked.errors![0].extensions!.retryAfterSeconds).toBe(30);
  });

  it("a successful sign-in clears the e-mail's failures", async () => {
    const user = await createUser(app);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect(errorCode(await attempt(user.email, "Wrong-password-1"))).toBe("UNAUTHENTICATED");
      expect((await app.ok(SIGN_IN, { e: user.email, p: PASSWORD }, { headers: freshIp() })).signIn.accessToken).toBeTruthy();
    }
  });

  it("locks an IP that tries many different e-mails", async () => {
    const ip = { "x-forwarded-for": "203.0.113.99" };
    const victims = await Promise.all([0, 1, 2, 3].map(() => createUser(app)));
    for (let i = 0; i < 6; i++) expect(errorCode(await attempt(victims[i % 3].email, "Wrong-password-1", ip))).toBe("UNAUTHENTICATED");
    // No e-mail reached its limit (2 failures each), but the address did: even a right password is refused.
    const locked = await attempt(victims[3].email, PASSWORD, ip);
    expect(errorCode(locked)).toBe("RATE_LIMITED");
    expect(locked.errors![0].extensions!.retryAfterSeconds).toBe(30);
    // The same account from another address is fine: it was the IP that was locked.
    expect((await app.ok(SIGN_IN, { e: victims[3].email, p: PASSWORD }, { headers: freshIp() })).signIn.accessToken).toBeTruthy();
  });

  it("a parallel burst of guesses: exactly the limit is answered as wrong, the rest RATE_LIMITED, then the right password too", async () => {
    // (A right password inside the burst is the owner signing in: it clears the failures counted
    // so far, so on a database that runs the burst truly in parallel the count would depend on
    // where it lands. The burst here is the attacker's alone.)
    const user = await createUser(app);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(user.email, `Wrong-password-${i}`)));
    const codes = results.map(errorCode);
    // Only failures count; the one reaching the limit (3) locks, every check completing after it
    // is refused, so the burst learns nothing past the limit.
    expect(codes.filter((c) => c === "UNAUTHENTICATED")).toHaveLength(3);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(5);
    expect(errorCode(await attempt(user.email, PASSWORD))).toBe("RATE_LIMITED");
  });

  it("a burst of correct sign-ins never counts and never locks", async () => {
    const user = await createUser(app);
    const ip = freshIp();
    const burst = await Promise.all(Array.from({ length: 6 }, () => attempt(user.email, PASSWORD, ip)));
    expect(burst.map(errorCode)).toEqual(Array(6).fill(undefined));
    expect((await attempt(user.email, PASSWORD, ip)).data.signIn.accessToken).toBeTruthy();
    // And failures after it still get their full allowance.
    for (let i = 0; i < 3; i++) expect(errorCode(await attempt(user.email, "Wrong-password-1", ip))).toBe("UNAUTHENTICATED");
    expect(errorCode(await attempt(user.email, PASSWORD, ip))).toBe("RATE_LIMITED");
  });

  it("protects changePassword and deleteAccount with the same limiter", async () => {
    const user = await createUser(app);
    const token = (await app.ok(SIGN_IN, { e: user.email, p: PASSWORD }, { headers: freshIp() })).signIn.accessToken;
    const change = `mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "Another-secret-77") }`;
    for (let i = 0; i < 3; i++) {
      const r = await app.gql(change, { c: `Wrong-password-${i}` }, { token, headers: freshIp() });
      expect(errorCode(r)).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions!.field).toBe("currentPassword");
    }
    expect(errorCode(await app.gql(change, { c: PASSWORD }, { token, headers: freshIp() }))).toBe("RATE_LIMITED");
    expect(errorCode(await app.gql(`mutation { deleteAccount(password: "${PASSWORD}") }`, {}, { token, headers: freshIp() }))).toBe("RATE_LIMITED");
    expect((await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).deletedAt).toBeNull();
  });
});
