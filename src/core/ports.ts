// The ports: what the domains need from the outside world, as interfaces. The implementations
// live in src/adapters/ (one file per external service) and are wired in src/app/services.ts;
// domains reach them through ctx.services and never import an adapter.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { PaymentPurpose } from "../generated/prisma/client.ts";
import type { EventBus } from "./events.ts";
import type { MediaStorage } from "./storage.ts";

/** The fetch subset the HTTP adapters use (injectable in tests; no test touches the network). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
  text?(): Promise<string>;
}>;

// --- key/value store (adapters/kv.ts) ---

export interface KeyValueStore {
  readonly kind: "redis" | "database";
  get<T = unknown>(key: string): Promise<T | null>;
  set(key: string, value: unknown, ttlSeconds?: number, category?: string): Promise<void>;
  /** Atomically adds `by` and returns the new value; the TTL starts with the first increment. */
  incr(key: string, ttlSeconds: number, by?: number): Promise<number>;
  del(key: string): Promise<void>;
  /** Seconds until the key expires, or null. */
  ttl(key: string): Promise<number | null>;
}

// --- secrets (adapters/secrets-file.ts) ---

export interface SecretStore {
  readonly kind: string;
  /** Creates or replaces the entry. */
  put(name: string, value: string): Promise<void>;
  /** The value, or null when there is no such entry. */
  get(name: string): Promise<string | null>;
  /** Removes the entry; removing a missing entry is not an error. */
  delete(name: string): Promise<void>;
}

/** A fresh vault entry name for a new row: `<kind>/<uuid>`. */
export function newSecretName(kind: "platform-connection" | "seo-connection"): string {
  return `${kind}/${randomUUID()}`;
}

// --- mail (adapters/mail.ts) ---

export interface MailMessage {
  /** The email_logs id; also the local part of the Message-ID, so a retry keeps the same id. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
}

export interface MailTransport {
  readonly name: "log" | "file" | "smtp";
  /** Resolves with the provider's message id once the mail was accepted; throws otherwise. */
  send(message: MailMessage): Promise<{ providerMessageId: string }>;
  close(): void;
}

// --- AI provider (adapters/ai.ts) ---

export interface AiCorpusDoc {
  title: string | null;
  description: string | null;
  tags: string[];
  category: string | null;
}

export interface AiAnalysisInput extends AiCorpusDoc {
  hashtags: string[];
  language: string | null;
  platform: string;
  tone: string;
  /** The creator's other items (for IDF and categories); not sent to remote providers. */
  corpus: AiCorpusDoc[];
  /** Currently trending keywords on the item's platform, best first. */
  trending: { keyword: string; score: number | null }[];
}

export interface AiAnalysisOutput {
  suggestedTitles: string[];
  suggestedDescription: string | null;
  suggestedTags: string[];
  suggestedCategory: string | null;
  trendingKeywords: string[];
  trendingHashtags: string[];
  relatedTopics: string[];
  trendingScore: number | null;
  seoScore: number | null;
  readabilityScore: number | null;
  confidenceScore: number | null;
  sentiment: string | null;
  targetAudience: string[];
  promptTokens: number;
  completionTokens: number;
}

export interface AiProviderClient {
  /** Slug of the ai_provider row the usage is billed to. */
  readonly providerSlug: string;
  /** model_name of the ai_model row whose prices apply. */
  readonly modelName: string;
  analyse(input: AiAnalysisInput, opts?: { modelName?: string }): Promise<AiAnalysisOutput>;
}

/** The provider failed; the message is safe to show (no key, no prompt). */
export class AiProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AiProviderError";
  }
}

export const LOCAL_PROVIDER_SLUG = "local";
export const LOCAL_MODEL_NAME = "keyword-tfidf";

// --- creator platforms (adapters/platforms.ts) ---

export interface PlatformProfile {
  platformUserId: string;
  username: string | null;
  displayName: string | null;
  avatarUrl: string | null;
  scopes: string[];
}

export interface PlatformAccountInfo {
  platformAccountId: string;
  accountName: string;
  accountUrl: string | null;
  description: string | null;
  followerCount: number;
  followingCount: number;
  postCount: number;
}

export interface PlatformContent {
  platformContentId: string;
  contentType: string | null;
  platformUrl: string | null;
  title: string | null;
  description: string | null;
  thumbnailUrl: string | null;
  mediaUrl: string | null;
  durationSeconds: number | null;
  viewsCount: number;
  likesCount: number;
  commentsCount: number;
  sharesCount: number;
  tags: string[];
  hashtags: string[];
  category: string | null;
  language: string | null;
  publishedAt: Date | null;
}

export interface PlatformClient {
  readonly kind: "http" | "fixture";
  verify(token: string): Promise<PlatformProfile>;
  listAccounts(token: string): Promise<PlatformAccountInfo[]>;
  getAccount(token: string, platformAccountId: string): Promise<PlatformAccountInfo>;
  listContent(token: string, platformAccountId: string, opts: { limit: number }): Promise<PlatformContent[]>;
}

export interface PlatformClients {
  forPlatform(slug: string): PlatformClient;
}

export type PlatformErrorKind = "unauthorized" | "not_found" | "unavailable" | "invalid_response";

/** A platform call failed. The message never contains the token. */
export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "PlatformError";
  }
}




// --- search-engine indexing, IndexNow (adapters/indexnow.ts) ---

export const DEFAULT_INDEXNOW_ENDPOINT = "https://api.indexnow.org/indexnow";

export interface IndexNowRequest {
  endpoint: string;
  body: { host: string; key: string; keyLocation: string; urlList: string[] };
}

export interface IndexingOutcome {
  status: "SUBMITTED" | "PENDING" | "FAILED";
  httpStatus: number | null;
  body: unknown;
  /** For FAILED: whether trying again later may succeed (429, 5xx, network). */
  retryable: boolean;
  error: string | null;
}

export interface IndexingClient {
  readonly kind: "record" | "http";
  send(request: IndexNowRequest): Promise<IndexingOutcome>;
  /** Checks the site serves the key at keyLocation (http) or that the key is well-formed (record). */
  verifyKey(keyLocation: string, key: string): Promise<{ ok: boolean; error: string | null }>;
}

/** IndexNow keys: 8-128 characters of a-z, A-Z, 0-9 and "-". */
export const INDEXNOW_KEY_RE = /^[A-Za-z0-9-]{8,128}$/;

export function keyLocationFor(siteUrl: string, key: string): string {
  return `${siteUrl.replace(/\/+$/, "")}/${key}.txt`;
}

export function buildIndexNowRequest(engineEndpoint: string | null, siteUrl: string, key: string, urls: string[]): IndexNowRequest {
  return {
    endpoint: engineEndpoint || DEFAULT_INDEXNOW_ENDPOINT,
    body: { host: new URL(siteUrl).host, key, keyLocation: keyLocationFor(siteUrl, key), urlList: urls },
  };
}

/** What is stored in seo_submission.request_payload: the request without its key. */
export function storableRequest(request: IndexNowRequest): { endpoint: string; body: Record<string, unknown> } {
  return {
    endpoint: request.endpoint,
    body: { ...request.body, key: "[vault]", keyLocation: request.body.keyLocation.replace(request.body.key, "[vault]") },
  };
}


// --- Stripe subscriptions (adapters/stripe.ts) ---

export interface StripeBilling {
  /** The user's Stripe customer id, creating the customer the first time. */
  ensureCustomer(user: { id: string; email: string; stripeCustomerId: string | null }): Promise<string>;
  createSubscription(p: {
    customerId: string;
    priceId: string;
    trialDays: number;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<{ subscription: Stripe.Subscription; clientSecret: string | null }>;
  setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean): Promise<Stripe.Subscription>;
  cancelNow(subscriptionId: string): Promise<Stripe.Subscription>;
  /** Next invoice at the new price, no proration: the change is billed from the next period. */
  changePrice(subscriptionId: string, priceId: string, metadata: Record<string, string>): Promise<Stripe.Subscription>;
}

// --- payment providers (adapters/payments.ts, stripe.ts, payments-local.ts) ---

// The payment provider interface. A provider creates an intent for a PENDING payment (what a
// client needs to confirm it) and refunds a settled one. It never changes our rows: settlement
// always goes through the one state machine in domains/commerce/payments.ts — directly for the local provider,
// through webhooks for Stripe.

export interface IntentRequest {
  paymentId: string;
  userId: string;
  purpose: PaymentPurpose;
  /** Decimal string with two places, e.g. "4.99". */
  amount: string;
  currency: string;
  description: string;
  /** Stable per payment, so a retried request returns the provider's first answer. */
  idempotencyKey: string;
}

export interface ProviderIntent {
  providerPaymentId: string;
  /** What the client confirms with (Stripe's PaymentIntent client_secret); null when nothing is left to confirm. */
  clientSecret: string | null;
  /** "succeeded": settled now (local); "pending": completion arrives later (webhook); "failed". */
  status: "succeeded" | "pending" | "failed";
  failureReason?: string | null;
}

export interface RefundRequest {
  paymentId: string;
  providerPaymentId: string;
  amount: string;
  currency: string;
  reason: string;
}

export interface PaymentProvider {
  readonly name: "local" | "stripe";
  createIntent(req: IntentRequest): Promise<ProviderIntent>;
  refund(req: RefundRequest): Promise<{ providerRefundId: string }>;
}

export interface PaymentProviders {
  /** The provider new payments use: Stripe when STRIPE_SECRET_KEY is set, else local. */
  active: PaymentProvider;
  /** The provider that settled an existing payment (refunds go back through it). */
  byName(name: string): PaymentProvider | null;
}

// --- the set every request and job reaches as ctx.services ---

/** Process-wide services shared by every request (built once in src/app/services.ts). */
// --- OAuth token endpoints (adapters/oauth.ts) ---

/** One platform's OAuth app (from config), resolved by the integrations domain. */
export interface OAuthApp {
  platform: string;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /** The authorize/token parameter that names the client: "client_id" (RFC 6749) or TikTok's "client_key". */
  clientIdParam: "client_id" | "client_key";
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string | null;
  /** seconds, as the platform said (expires_in); null = no expiry given */
  expiresIn: number | null;
  scopes: string[] | null;
}

export class OAuthError extends Error {
  constructor(
    message: string,
    /** the platform's `error` (invalid_grant, …), or "http" / "network" */
    readonly code: string,
  ) {
    super(message);
  }
}

/** The token endpoint of RFC 6749: code exchange (with the PKCE verifier, RFC 7636) and refresh. */
export interface OAuthClient {
  exchangeCode(app: OAuthApp, code: string, codeVerifier: string, redirectUri: string): Promise<OAuthTokens>;
  refresh(app: OAuthApp, refreshToken: string): Promise<OAuthTokens>;
}

export interface Services {
  kv: KeyValueStore;
  /** Always the database store: state that must survive a Redis restart (sign-in locks). */
  durableKv: KeyValueStore;
  clock: () => Date;
  /** Vault port for platform tokens and search-engine keys (integrations, seo). */
  secrets: SecretStore;
  platformClients: PlatformClients;
  /** OAuth token endpoints of the platforms (authorization-code flow, refresh). */
  oauth: OAuthClient;
  aiProvider: AiProviderClient;
  indexing: IndexingClient;
  /** Delivers outbox mails (MAIL_TRANSPORT: log | file | smtp); used by the delivery job. */
  mail: MailTransport;
  /** Payment providers (commerce): Stripe when STRIPE_SECRET_KEY is set, else the local provider. */
  payments: PaymentProviders;
  /** Creator payout accounts and transfers (Stripe Connect Express; the local simulation without STRIPE_SECRET_KEY). */
  connect: ConnectProviders;
  /** Stripe subscriptions (subscriptions domain); null without STRIPE_SECRET_KEY: tiers activate locally. */
  stripeBilling: StripeBilling | null;
  /** Subscription events (src/app/pubsub.ts): Redis pub/sub between instances, in-process without REDIS_URL. */
  events: EventBus;
  databaseKind?: "embedded" | "postgres";
  /** Media uploads (MEDIA_STORAGE: local disk by default, or S3-compatible). */
  storage: MediaStorage;
}

// Creator payout accounts and transfers (Stripe Connect Express; adapters/connect.ts).
export interface ConnectAccountState {
  accountId: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** What the provider still needs before payouts (Stripe requirements.currently_due). */
  requirementsDue: string[];
}

export interface ConnectProvider {
  readonly name: "local" | "stripe";
  /** Creates the creator's Express account; idempotent per user (the same account on a retry). */
  createAccount(req: { userId: string; email: string }): Promise<{ accountId: string }>;
  /** A one-time onboarding URL; the creator comes back to returnUrl (or refreshUrl when it expired). */
  createOnboardingLink(req: { accountId: string; returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAt: Date | null }>;
  retrieveAccount(accountId: string): Promise<ConnectAccountState>;
  /** Moves `amount` from the platform balance to the connected account (idempotent per payout). */
  transfer(req: { payoutId: string; accountId: string; amount: string; currency: string }): Promise<{ transferId: string }>;
  /** Takes `amount` of a transfer back (idempotent per refunded earning). */
  reverseTransfer(req: { earningId: string; transferId: string; amount: string; currency: string }): Promise<{ reversalId: string }>;
}

export interface ConnectProviders {
  /** The provider new payout accounts use: Stripe when STRIPE_SECRET_KEY is set, else local. */
  active: ConnectProvider;
  byName(name: string): ConnectProvider | null;
}
