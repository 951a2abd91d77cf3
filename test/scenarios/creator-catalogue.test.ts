// DONE-WHEN SCENARIO of issue 18, as a client app runs it, through yoga.fetch with the default
// local media storage: sign up → become a creator → upload a cover and an audio file (signed PUT
// URLs) → create and publish a paid item and a series → a fan finds it by slug, cannot read the
// protected media URL (and a forged or expired URL is refused), buys it, then streams it through
// the signed GET URL; a suspended creator's items vanish from the listings.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser, lastMail, tokenFromMail } from "../helpers/factories/identity.ts";

let app: TestApp;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "media-"));
  app = await createTestApp({ env: { MEDIA_DIR: mediaDir, MEDIA_PUBLIC_URL: "http://test", MEDIA_URL_TTL_SECONDS: "600" } });
  app.clock.set(new Date("2026-11-25T08:00:00.000Z"));
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(mediaDir, { recursive: true, force: true });
});

const COVER = Buffer.from("\x89PNG\r\n\x1a\nfake-cover-bytes", "binary");
const AUDIO = Buffer.alloc(4096, 7);

async function put(ticket: { url: string; headers: Record<string, string> }, body: Buffer) {
  // A copy: the fetch implementation may add content-length to the object it is given.
  return app.yoga.fetch(ticket.url, { method: "PUT", headers: { ...ticket.headers }, body });
}

/** Signs up and follows the verification link of the e-mail it sends (paying needs a verified address). */
async function signUp(email: string) {
  const r = await app.ok(`mutation($e: String!) { signUp(email: $e, password: "Long-enough-1", displayName: "Someone") { accessToken user { id } } }`, { e: email });
  const mail = await lastMail(app, email, "email_verification");
  await app.ok(`mutation($t: String!) { verifyEmail(token: $t) }`, { t: tokenFromMail(mail!.bodyText) });
  return { token: r.signUp.accessToken as string, id: r.signUp.user.id as string };
}

it("from sign-up to a fan streaming a bought item; suspension empties the listings", async () => {
  // 1. Sign up and become a creator.
  const me = await signUp("new-creator@example.test");
  const token = me.token;
  await app.ok(`mutation { becomeCreator(displayName: "Iris Sound", slug: "iris-sound", bio: "Field recordings") { id } }`, {}, { token });
  // Roles are read per request: the same token now acts as a CREATOR.

  // 2. Upload a cover and an audio file.
  const UPLOAD = `mutation($p: MediaPurpose!, $t: String!, $s: Int!) { createUpload(purpose: $p, contentType: $t, sizeBytes: $s) { uploadId url method headers expiresAt } }`;
  const cover = (await app.ok(UPLOAD, { p: "CONTENT_THUMBNAIL", t: "image/png", s: COVER.length }, { token })).createUpload;
  const audio = (await app.ok(UPLOAD, { p: "CONTENT_MEDIA", t: "audio/mpeg", s: AUDIO.length }, { token })).createUpload;
  expect(audio.method).toBe("PUT");
  // Limits: wrong type, too large.
  expect(errorCode(await app.gql(UPLOAD, { p: "CONTENT_THUMBNAIL", t: "audio/mpeg", s: 10 }, { token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(UPLOAD, { p: "AVATAR", t: "image/png", s: 50 * 1024 * 1024 }, { token }))).toBe("BAD_USER_INPUT");
  // The signed PUT refuses another type and a larger body.
  expect((await app.yoga.fetch(audio.url, { method: "PUT", headers: { "content-type": "video/mp4" }, body: AUDIO })).status).toBe(415);
  expect((await put(audio, Buffer.concat([AUDIO, Buffer.alloc(10)]))).status).toBe(413);
  expect((await put(cover, COVER)).status).toBe(200);
  expect((await put(audio, AUDIO)).status).toBe(200);

  // 3. Create a paid item, attach, publish.
  const item = (
    await app.ok(
      `mutation { createContent(input: { title: "Dawn Chorus", mediaType: AUDIO, visibility: PURCHASED_ONLY, price: "3.99", tags: ["birdsong"], previewText: "Thirty seconds of blackbirds." }) { id slug } }`,
      {},
      { token },
    )
  ).createContent;
  const ATTACH = `mutation($c: ID!, $u: String!, $s: ContentMediaSlot!) { attachContentMedia(contentId: $c, uploadId: $u, slot: $s) { id } }`;
  // Cover upload into the MEDIA slot: refused.
  expect(errorCode(await app.gql(ATTACH, { c: item.id, u: cover.uploadId, s: "MEDIA" }, { token }))).toBe("BAD_USER_INPUT");
  await app.ok(ATTACH, { c: item.id, u: cover.uploadId, s: "THUMBNAIL" }, { token });
  await app.ok(ATTACH, { c: item.id, u: audio.uploadId, s: "MEDIA" }, { token });
  await app.ok(`mutation($id: ID!) { publishContent(id: $id) { status } }`, { id: item.id }, { token });
  const series = (await app.ok(`mutation { createSeries(input: { title: "Dawn Sessions", price: "9.00" }) { id slug } }`, {}, { token })).createSeries;
  await app.ok(`mutation($s: ID!, $c: ID!) { addSeriesItem(seriesId: $s, contentId: $c) { id } }`, { s: series.id, c: item.id }, { token });
  await app.ok(`mutation($id: ID!) { publishSeries(id: $id) { status } }`, { id: series.id }, { token });

  // 4. A fan finds it by slug: cover and preview yes, media no.
  const fan = await signUp("fan@example.test");
  const READ = `query($s: String!) { content(slug: $s) { id title price currency thumbnailUrl previewText mediaUrl viewerHasAccess creator { creatorProfile { slug } } } }`;
  const seen = (await app.ok(READ, { s: item.slug }, { token: fan.token })).content;
  expect(seen).toMatchObject({ title: "Dawn Chorus", price: "3.99", currency: "USD", previewText: "Thirty seconds of blackbirds.", mediaUrl: null, viewerHasAccess: false, creator: { creatorProfile: { slug: "iris-sound" } } });
  const coverRes = await app.yoga.fetch(seen.thumbnailUrl);
  expect(coverRes.status).toBe(200);
  expect(Buffer.from(await coverRes.arrayBuffer())).toEqual(COVER);
  expect((await app.ok(`query($s: String!) { series(slug: $s) { contents(first: 5) { totalCount } } }`, { s: series.slug }, { token: fan.token })).series.contents.totalCount).toBe(1);

  // The creator's own signed media URL; tampering with the key or the signature is refused.
  const ownUrl: string = (await app.ok(READ, { s: item.slug }, { token })).content.mediaUrl;
  expect(ownUrl).toMatch(/^http:\/\/test\/media\/file\?/);
  const forged = new URL(ownUrl);
  forged.searchParams.set("sig", "A".repeat(43));
  expect((await app.yoga.fetch(forged.toString())).status).toBe(403);
  const otherKey = new URL(seen.thumbnailUrl);
  otherKey.searchParams.set("key", new URL(ownUrl).searchParams.get("key")!);
  expect((await app.yoga.fetch(otherKey.toString())).status).toBe(403);

  // 5. The fan buys it and streams it through the signed URL.
  const bought = await app.ok(`mutation($c: ID!) { purchaseContent(contentId: $c, idempotencyKey: "fan-dawn-chorus-1") { purchase { status } } }`, { c: item.id }, { token: fan.token });
  expect(bought.purchaseContent.purchase.status).toBe("COMPLETED");
  const after = (await app.ok(READ, { s: item.slug }, { token: fan.token })).content;
  expect(after.viewerHasAccess).toBe(true);
  const stream = await app.yoga.fetch(after.mediaUrl);
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toBe("audio/mpeg");
  expect(Buffer.from(await stream.arrayBuffer())).toEqual(AUDIO);
  // The URL expires.
  app.clock.advance(601_000);
  expect((await app.yoga.fetch(after.mediaUrl)).status).toBe(403);

  // 6. An admin suspends the creator: the items vanish from the listings, nothing is deleted.
  const admin = await createUser(app, { roles: ["ADMIN"] });
  const adminToken = await app.token(admin.id);
  const profile = (await app.ok(`{ creator(slug: "iris-sound") { id } }`)).creator;
  await app.ok(`mutation($c: ID!) { suspendCreator(creatorId: $c, reason: "Reported") { id } }`, { c: profile.id }, { token: adminToken });
  const LIST = `{ contents(first: 20, tag: "birdsong") { totalCount } contentSeries(first: 20) { edges { node { slug } } } }`;
  const listed = await app.ok(LIST, {}, { token: fan.token });
  expect(listed.contents.totalCount).toBe(0);
  expect(listed.contentSeries.edges.map((e: any) => e.node.slug)).not.toContain(series.slug);
  expect(await app.prisma.content.count({ where: { slug: item.slug, deletedAt: null } })).toBe(1);

});
