// The S3 media storage adapter against a real S3-compatible server (s3rver, started here on a
// port of this worktree's range), not a mock: signed PUTs bind size and type, head reports what
// is stored, signed GETs serve it and expire; and the API with MEDIA_STORAGE=s3 runs the
// upload → attach → protected read flow against it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createS3Storage } from "../../src/adapters/storage-s3.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { createUser } from "../helpers/factories/identity.ts";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver");

const PORT = Number(process.env.S3RVER_TEST_PORT ?? 4651);
const ENDPOINT = `http://127.0.0.1:${PORT}`;
const BUCKET = "media-test";
let server: { run(): Promise<unknown>; close(): Promise<void> };
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  server = new S3rver({ port: PORT, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  await server.run();
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const storage = () => createS3Storage({ bucket: BUCKET, region: "us-east-1", endpoint: ENDPOINT, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
const KEY = "uploads/00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002";

it("signed PUT of the declared size and type, head, signed GET, expiry", async () => {
  const s = storage();
  const body = Buffer.from("ID3 fake mp3 bytes");
  const now = new Date();
  expect(await s.head(KEY)).toBeNull();
  const put = await s.presignPut(KEY, { contentType: "audio/mpeg", sizeBytes: body.length, expiresAt: new Date(now.getTime() + 60_000), now });
  expect(new URL(put.url).searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;content-type;host");
  expect(new URL(put.url).searchParams.has("x-amz-checksum-crc32")).toBe(false);
  // The size and type are part of the signature (S3 refuses a body of another length or type;
  // s3rver does not check PUT signatures, so this is asserted on the signed URL).
  const ok = await fetch(put.url, { method: "PUT", headers: put.headers, body });
  expect(ok.status).toBe(200);
  expect(await s.head(KEY)).toEqual({ sizeBytes: body.length, contentType: "audio/mpeg" });

  const get = await s.presignGet(KEY, { now, expiresAt: new Date(now.getTime() + 60_000) });
  const res = await fetch(get.url);
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer())).toEqual(body);
  // Signed in the past so that it has already expired.
  const past = new Date(now.getTime() - 120_000);
  const expired = await s.presignGet(KEY, { now: past, expiresAt: new Date(past.getTime() + 60_000) });
  expect((await fetch(expired.url)).status).toBe(403);
});

describe("the API with MEDIA_STORAGE=s3", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      env: { MEDIA_STORAGE: "s3", S3_BUCKET: BUCKET, S3_ENDPOINT: ENDPOINT, S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_REGION: "us-east-1" },
    });
  });
  afterAll(() => app?.close());

  it("upload → attach → protected media only through a signed URL for a viewer with access", async () => {
    const creator = await createUser(app, { roles: ["MEMBER", "CREATOR"] });
    const token = await app.token(creator.id);
    const audio = Buffer.alloc(2048, 3);
    const ticket = (await app.ok(`mutation($s: Int!) { createUpload(purpose: CONTENT_MEDIA, contentType: "audio/mpeg", sizeBytes: $s) { uploadId url headers } }`, { s: audio.length }, { token })).createUpload;
    expect(ticket.url.startsWith(`${ENDPOINT}/${BUCKET}/uploads/`)).toBe(true);
    const item = (await app.ok(`mutation { createContent(input: { title: "S3 track", mediaType: AUDIO, visibility: PURCHASED_ONLY, price: "1.00" }) { id slug } }`, {}, { token })).createContent;
    const ATTACH = `mutation($c: ID!, $u: String!) { attachContentMedia(contentId: $c, uploadId: $u, slot: MEDIA) { id } }`;
    // Not uploaded yet → CONFLICT UPLOAD_MISSING.
    const early = await app.gql(ATTACH, { c: item.id, u: ticket.uploadId }, { token });
    expect(early.errors?.[0].extensions?.reason).toBe("UPLOAD_MISSING");
    expect((await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: audio })).status).toBe(200);
    await app.ok(ATTACH, { c: item.id, u: ticket.uploadId }, { token });
    await app.ok(`mutation($id: ID!) { publishContent(id: $id) { id } }`, { id: item.id }, { token });

    const READ = `query($s: String!) { content(slug: $s) { mediaUrl viewerHasAccess } }`;
    const fan = await createUser(app);
    expect((await app.ok(READ, { s: item.slug }, { token: await app.token(fan.id) })).content).toEqual({ mediaUrl: null, viewerHasAccess: false });
    const own = (await app.ok(READ, { s: item.slug }, { token })).content.mediaUrl as string;
    expect(own).toContain("X-Amz-Signature=");
    const res = await fetch(own);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(audio);
  });
});
