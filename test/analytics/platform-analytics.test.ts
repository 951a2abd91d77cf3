// platformAnalytics for admins on a hand-built dataset: sign-ups, daily and monthly active users,
// revenue by day and by source, top creators.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { contentEvent, makeContent, makeCreator, makePurchase, makeTip, makeUser } from "../helpers/factories/analytics.ts";

const PLATFORM = `query($range: AnalyticsRangeInput!, $tz: String) {
  platformAnalytics(range: $range, timezone: $tz) {
    timezone from to
    totals { signUps activeUsers revenue { amount currency } }
    daily { date signUps activeUsers revenue { amount currency } }
    monthly { month activeUsers }
    revenueBySource { source currency amount payments }
    topCreators { creator { id } views watchTimeSeconds tips { amount currency } sales { amount currency } }
  }
}`;
const T = (iso: string) => new Date(iso);
const RANGE = { from: "2026-02-27", to: "2026-03-02" };

let app: TestApp;
let adminToken: string;
let memberToken: string;
let c1: { id: string };
let c2: { id: string };

beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(T("2026-03-20T12:00:00Z"));
  const admin = await makeUser(app, { roles: ["MEMBER", "ADMIN"] });
  const member = await makeUser(app);
  adminToken = await app.token(admin.id);
  memberToken = await app.token(member.id);
  c1 = await makeCreator(app);
  c2 = await makeCreator(app);
  // Sign-ups in the range: two on March 1, one at 23:30Z on March 2; one before the range.
  const [u1, u2] = [await makeUser(app, { createdAt: T("2026-03-01T10:00:00Z") }), await makeUser(app, { createdAt: T("2026-03-01T11:00:00Z") })];
  const u3 = await makeUser(app, { createdAt: T("2026-03-02T23:30:00Z") });
  await makeUser(app, { createdAt: T("2026-02-26T23:59:59.999Z") });

  const a = await makeContent(app, c1.id);
  const b = await makeContent(app, c2.id);
  // Activity: u1 twice on March 1 and once on March 2, u2 on March 2, u3 on Feb 28, an
  // anonymous session on March 2 (not a user), and u2 the day after the range.
  await contentEvent(app, { userId: u1.id, contentId: a.id, type: "content_view", at: T("2026-03-01T08:00:00Z") });
  await contentEvent(app, { userId: u1.id, contentId: a.id, type: "content_view", at: T("2026-03-01T09:00:00Z") });
  await contentEvent(app, { userId: u1.id, contentId: a.id, type: "playback_progress", at: T("2026-03-02T09:00:00Z"), watchedSeconds: 15 });
  await contentEvent(app, { userId: u2.id, contentId: b.id, type: "content_view", at: T("2026-03-02T10:00:00Z") });
  await contentEvent(app, { userId: u3.id, contentId: a.id, type: "content_view", at: T("2026-02-28T10:00:00Z") });
  await contentEvent(app, { sessionId: "anon-session-9", contentId: a.id, type: "content_view", at: T("2026-03-02T10:00:00Z") });
  await contentEvent(app, { userId: u2.id, contentId: b.id, type: "content_view", at: T("2026-03-03T00:00:00Z") });

  // Payments: a sale (March 1), a tip (March 2), a subscription in EUR (March 2); pending and
  // refunded ones do not count; one sale before the range.
  await makePurchase(app, u1.id, a.id, "10.00", T("2026-03-01T12:00:00Z"));
  await makeTip(app, u2.id, c2.id, "5.00", T("2026-03-02T12:00:00Z"));
  await makeTip(app, u2.id, c1.id, "8.00", T("2026-03-02T12:00:00Z"), { status: "PENDING" });
  await makePurchase(app, u2.id, a.id, "10.00", T("2026-03-02T12:00:00Z"), { status: "REFUNDED" });
  await makePurchase(app, u3.id, b.id, "3.00", T("2026-02-26T12:00:00Z"));
  await app.prisma.payment.create({
    data: { userId: u3.id, purpose: "SUBSCRIPTION", status: "COMPLETED", amount: "7.00", currency: "EUR", provider: "local", idempotencyKey: "sub-1", completedAt: T("2026-03-02T13:00:00Z") },
  });
});
afterAll(() => app.close());

describe("platformAnalytics", () => {
  it("answers sign-ups, active users, revenue by day and source, and top creators", async () => {
    const p = (await app.ok(PLATFORM, { range: RANGE }, { token: adminToken })).platformAnalytics;
    expect([p.timezone, p.from, p.to]).toEqual(["UTC", "2026-02-27", "2026-03-02"]);
    expect(p.totals).toEqual({ signUps: 3, activeUsers: 3, revenue: [{ amount: "7.00", currency: "EUR" }, { amount: "15.00", currency: "USD" }] });
    expect(p.daily).toEqual([
      { date: "2026-02-27", signUps: 0, activeUsers: 0, revenue: [] },
      { date: "2026-02-28", signUps: 0, activeUsers: 1, revenue: [] },
      { date: "2026-03-01", signUps: 2, activeUsers: 1, revenue: [{ amount: "10.00", currency: "USD" }] },
      { date: "2026-03-02", signUps: 1, activeUsers: 2, revenue: [{ amount: "7.00", currency: "EUR" }, { amount: "5.00", currency: "USD" }] },
    ]);
    expect(p.monthly).toEqual([
      { month: "2026-02", activeUsers: 1 },
      { month: "2026-03", activeUsers: 2 },
    ]);
    expect(p.revenueBySource).toEqual([
      { source: "CONTENT", currency: "USD", amount: "10.00", payments: 1 },
      { source: "SUBSCRIPTION", currency: "EUR", amount: "7.00", payments: 1 },
      { source: "TIP", currency: "USD", amount: "5.00", payments: 1 },
    ]);
    expect(p.topCreators).toEqual([
      { creator: { id: encodeGlobalId("User", c1.id) }, views: 4, watchTimeSeconds: "15.00", tips: [], sales: [{ amount: "10.00", currency: "USD" }] },
      { creator: { id: encodeGlobalId("User", c2.id) }, views: 1, watchTimeSeconds: "0.00", tips: [{ amount: "5.00", currency: "USD" }], sales: [] },
    ]);
  });

  it("buckets days in the requested time zone", async () => {
    // In Tokyo (UTC+9) the 23:30Z sign-up of March 2 is on March 3 (outside), and the one at
    // 23:59:59.999Z on Feb 26 is on Feb 27 (inside).
    const p = (await app.ok(PLATFORM, { range: RANGE, tz: "Asia/Tokyo" }, { token: adminToken })).platformAnalytics;
    expect(p.totals.signUps).toBe(3);
    expect(p.daily.map((d: { date: string; signUps: number }) => d.signUps)).toEqual([1, 0, 2, 0]);
  });

  it("is for admins only", async () => {
    expect(errorCode(await app.gql(PLATFORM, { range: RANGE }, { token: memberToken }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(PLATFORM, { range: RANGE }))).toBe("UNAUTHENTICATED");
  });
});
