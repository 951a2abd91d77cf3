-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'COMPLETED', 'FAILED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "payment_purpose" AS ENUM ('CONTENT', 'SERIES', 'VOICE_PACK', 'TIP', 'OFFERING_BOOKING', 'SUBSCRIPTION');

-- CreateEnum
CREATE TYPE "access_type" AS ENUM ('PURCHASED', 'SUBSCRIPTION', 'COMPLIMENTARY', 'PREVIEW');

-- CreateEnum
CREATE TYPE "credit_transaction_type" AS ENUM ('EARNED_SUBSCRIPTION', 'EARNED_PURCHASE', 'SPENT_OFFERING', 'REFUND_OFFERING', 'EXPIRED', 'ADJUSTMENT');

-- CreateEnum
CREATE TYPE "webhook_event_status" AS ENUM ('RECEIVED', 'PROCESSED', 'FAILED', 'IGNORED');

-- CreateEnum
CREATE TYPE "email_status" AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'BOUNCED', 'FAILED');

-- CreateEnum
CREATE TYPE "notification_type" AS ENUM ('COMMENT_REPLY', 'NEW_COMMENT', 'PURCHASE_RECEIPT', 'TIP_RECEIVED', 'BOOKING_CONFIRMED', 'BOOKING_REMINDER', 'CREDITS_EXPIRING', 'SUBSCRIPTION_PAST_DUE', 'SUBSCRIPTION_RENEWED', 'NEW_CONTENT', 'SYNC_COMPLETED', 'AI_SUGGESTIONS_READY', 'QUOTA_WARNING', 'SYSTEM');

-- CreateEnum
CREATE TYPE "content_media_type" AS ENUM ('VIDEO', 'AUDIO', 'WRITTEN');

-- CreateEnum
CREATE TYPE "visibility" AS ENUM ('PUBLIC', 'UNLISTED', 'PRIVATE', 'MEMBERS_ONLY', 'PURCHASED_ONLY');

-- CreateEnum
CREATE TYPE "publish_status" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "role" AS ENUM ('ADMIN', 'MODERATOR', 'CREATOR', 'MEMBER');

-- CreateEnum
CREATE TYPE "sync_mode" AS ENUM ('AUTO', 'MANUAL', 'DISABLED');

-- CreateEnum
CREATE TYPE "change_source" AS ENUM ('MANUAL', 'AI_SUGGESTION', 'BULK_EDIT', 'SYNC');

-- CreateEnum
CREATE TYPE "offering_type" AS ENUM ('ONE_TIME_EVENT', 'MULTI_DAY_PROGRAM', 'RECURRING_FIXED', 'RECURRING_BOOKABLE', 'COHORT_COURSE', 'RETREAT');

-- CreateEnum
CREATE TYPE "capacity_type" AS ENUM ('ONE_ON_ONE', 'SMALL_GROUP', 'LARGE_GROUP', 'UNLIMITED');

-- CreateEnum
CREATE TYPE "delivery_method" AS ENUM ('ONLINE', 'IN_PERSON', 'HYBRID', 'SELF_GUIDED');

-- CreateEnum
CREATE TYPE "booking_payment_method" AS ENUM ('PURCHASE', 'SUBSCRIPTION', 'CREDITS');

-- CreateEnum
CREATE TYPE "booking_status" AS ENUM ('CONFIRMED', 'CANCELED', 'COMPLETED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "resource_type" AS ENUM ('CONTENT', 'FILE', 'LINK', 'TEXT');

-- CreateEnum
CREATE TYPE "resource_availability" AS ENUM ('BEFORE', 'DURING', 'AFTER', 'ALWAYS');

-- CreateEnum
CREATE TYPE "seo_submission_status" AS ENUM ('PENDING', 'SUBMITTED', 'INDEXED', 'FAILED');

-- CreateEnum
CREATE TYPE "form_type" AS ENUM ('CONTACT', 'LEAD', 'NEWSLETTER', 'SUPPORT', 'CONSULTATION_REQUEST');

-- CreateEnum
CREATE TYPE "form_submission_status" AS ENUM ('NEW', 'HANDLED', 'SPAM', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "choice_gate" AS ENUM ('NONE', 'VOICE_PACK', 'SUBSCRIPTION');

-- CreateEnum
CREATE TYPE "subscription_status" AS ENUM ('TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED', 'EXPIRED', 'PAUSED');

-- CreateEnum
CREATE TYPE "billing_period" AS ENUM ('MONTHLY', 'YEARLY');

-- CreateEnum
CREATE TYPE "subscription_provider" AS ENUM ('STRIPE', 'REVENUECAT', 'LOCAL');

-- CreateEnum
CREATE TYPE "quota_kind" AS ENUM ('SOCIAL_ACCOUNT', 'SYNC', 'AI_ANALYSIS', 'SEO_SUBMISSION');

-- CreateEnum
CREATE TYPE "quota_operation" AS ENUM ('INCREMENT', 'DECREMENT', 'RESET');

-- CreateTable
CREATE TABLE "analytics_views" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "date" DATE NOT NULL,
    "content_id" UUID NOT NULL,
    "user_id" UUID,
    "view_count" INTEGER NOT NULL DEFAULT 0,
    "watch_time_seconds" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "device_type" TEXT NOT NULL DEFAULT 'unknown',
    "referrer" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_views_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_playback" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "content_id" UUID NOT NULL,
    "position_seconds" INTEGER NOT NULL DEFAULT 0,
    "duration_seconds" INTEGER NOT NULL,
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "completed_at" TIMESTAMPTZ(3),
    "last_watched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_playback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID,
    "session_id" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "client_event_id" TEXT NOT NULL,
    "event_type" VARCHAR(100) NOT NULL,
    "event_data" JSONB NOT NULL DEFAULT '{}',
    "content_id" UUID,
    "story_id" UUID,
    "client_time" TIMESTAMPTZ(3),
    "server_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "referrer" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_usage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "model_id" UUID,
    "content_item_id" UUID,
    "suggestion_id" UUID,
    "operation_type" TEXT NOT NULL,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "total_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "processing_time_ms" INTEGER,
    "billing_cycle_start" TIMESTAMPTZ(3),
    "billing_cycle_end" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seo_usage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "search_engine_id" UUID NOT NULL,
    "content_item_id" UUID,
    "submission_id" UUID,
    "operation_type" TEXT NOT NULL,
    "urls_count" INTEGER NOT NULL DEFAULT 1,
    "billing_cycle_start" TIMESTAMPTZ(3),
    "billing_cycle_end" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seo_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "purpose" "payment_purpose" NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "provider" TEXT NOT NULL,
    "provider_payment_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "description" TEXT,
    "content_id" UUID,
    "series_id" UUID,
    "voice_pack_id" UUID,
    "offering_id" UUID,
    "subscription_id" UUID,
    "platform_fee_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "creator_payout_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "refunded_at" TIMESTAMPTZ(3),
    "refund_reason" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "content_id" UUID,
    "series_id" UUID,
    "voice_pack_id" UUID,
    "payment_id" UUID NOT NULL,
    "amount_paid" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "stripe_payment_intent_id" TEXT,
    "platform_fee_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "creator_payout_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "purchased_at" TIMESTAMPTZ(3),
    "refunded_at" TIMESTAMPTZ(3),
    "refund_reason" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_access" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "content_id" UUID,
    "series_id" UUID,
    "access_type" "access_type" NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,
    "purchase_id" UUID,
    "payment_id" UUID,
    "subscription_id" UUID,
    "last_accessed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tips" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "from_user_id" UUID NOT NULL,
    "to_creator_id" UUID NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "message" TEXT,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "payment_id" UUID,
    "stripe_txn" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tips_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voice_packs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "price" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "voice_ids" TEXT[],
    "is_premium" BOOLEAN NOT NULL DEFAULT true,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "voice_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_voice_packs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "voice_pack_id" UUID NOT NULL,
    "purchased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payment_id" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_voice_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_balances" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "current_balance" INTEGER NOT NULL DEFAULT 0,
    "lifetime_earned" INTEGER NOT NULL DEFAULT 0,
    "lifetime_spent" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_balances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_transactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "type" "credit_transaction_type" NOT NULL,
    "amount" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "subscription_id" UUID,
    "offering_booking_id" UUID,
    "description" TEXT,
    "reason" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "idempotency_key" TEXT,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "webhook_event_status" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "subject" TEXT NOT NULL,
    "body_html" TEXT NOT NULL,
    "body_text" TEXT,
    "variables" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recipient_email" TEXT NOT NULL,
    "user_id" UUID,
    "template_key" TEXT,
    "email_type" VARCHAR(100) NOT NULL,
    "subject" VARCHAR(500) NOT NULL,
    "body_html" TEXT,
    "body_text" TEXT,
    "status" "email_status" NOT NULL DEFAULT 'PENDING',
    "provider" TEXT,
    "provider_message_id" TEXT,
    "error_message" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sender_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "thread_id" UUID,
    "parent_id" UUID,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "deleted_by_sender_at" TIMESTAMPTZ(3),
    "deleted_by_recipient_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "type" "notification_type" NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "message" TEXT NOT NULL,
    "action_url" TEXT,
    "action_label" VARCHAR(100),
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "related_entity_type" TEXT,
    "related_entity_id" UUID,
    "read_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "creators" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "display_name" TEXT,
    "slug" TEXT,
    "bio" TEXT,
    "payout_account" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "creators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "slug" VARCHAR(500) NOT NULL,
    "description" TEXT,
    "media_type" "content_media_type" NOT NULL,
    "media_url" TEXT,
    "stream_url" TEXT,
    "thumbnail_url" TEXT,
    "media_duration_seconds" INTEGER,
    "file_size_bytes" BIGINT,
    "content_body" TEXT,
    "category" VARCHAR(100),
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "series_id" UUID,
    "series_position" INTEGER,
    "visibility" "visibility" NOT NULL DEFAULT 'PURCHASED_ONLY',
    "price" DECIMAL(12,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "view_count" INTEGER NOT NULL DEFAULT 0,
    "purchase_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_prerequisites" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_id" UUID NOT NULL,
    "prerequisite_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_prerequisites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_series" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "slug" VARCHAR(500) NOT NULL,
    "description" TEXT,
    "thumbnail_url" TEXT,
    "price" DECIMAL(12,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "author_id" UUID NOT NULL,
    "story_id" UUID,
    "content_id" UUID,
    "parent_id" UUID,
    "body" TEXT NOT NULL,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_reactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "comment_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "emoji" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_reactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "password_hash" TEXT,
    "full_name" TEXT,
    "avatar_url" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "language" TEXT NOT NULL DEFAULT 'en',
    "is_onboarded" BOOLEAN NOT NULL DEFAULT false,
    "onboarded_at" TIMESTAMPTZ(3),
    "email_verified_at" TIMESTAMPTZ(3),
    "stripe_customer_id" TEXT,
    "stripe_connect_account_id" TEXT,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_profiles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "display_name" TEXT,
    "bio" TEXT,
    "preferences" JSONB NOT NULL DEFAULT '{"theme": "auto", "preferredGenres": [], "preferredVoices": [], "readingLevel": 3, "allowExplicitContent": false}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_role" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "role" "role" NOT NULL,
    "granted_by_id" UUID,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "refresh_token_hash" TEXT NOT NULL,
    "user_agent" TEXT,
    "ip_address" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "rotated_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,
    "replaced_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "password_reset_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "ip_address" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_verification_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_verification_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT,
    "website_url" TEXT,
    "logo_url" TEXT,
    "api_docs_url" TEXT,
    "is_oauth_required" BOOLEAN NOT NULL DEFAULT true,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_type" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_type_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_status" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_connection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "platform_id" UUID NOT NULL,
    "vault_secret_name" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "token_expires_at" TIMESTAMPTZ(3),
    "platform_user_id" TEXT,
    "platform_username" TEXT,
    "platform_display_name" TEXT,
    "platform_avatar_url" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "is_verified" BOOLEAN NOT NULL DEFAULT false,
    "last_verified_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "social_account" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "platform_id" UUID NOT NULL,
    "status_id" UUID,
    "platform_account_id" TEXT,
    "account_name" TEXT NOT NULL,
    "account_url" TEXT,
    "description" TEXT,
    "follower_count" INTEGER NOT NULL DEFAULT 0,
    "following_count" INTEGER NOT NULL DEFAULT 0,
    "post_count" INTEGER NOT NULL DEFAULT 0,
    "sync_mode" "sync_mode" NOT NULL DEFAULT 'MANUAL',
    "last_synced_at" TIMESTAMPTZ(3),
    "last_sync_status" TEXT,
    "next_sync_at" TIMESTAMPTZ(3),
    "visibility" "visibility" NOT NULL DEFAULT 'PRIVATE',
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "social_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "social_account_id" UUID NOT NULL,
    "platform_id" UUID NOT NULL,
    "content_type_id" UUID,
    "platform_content_id" TEXT NOT NULL,
    "platform_url" TEXT,
    "title" TEXT,
    "description" TEXT,
    "thumbnail_url" TEXT,
    "media_url" TEXT,
    "duration_seconds" INTEGER,
    "views_count" INTEGER NOT NULL DEFAULT 0,
    "likes_count" INTEGER NOT NULL DEFAULT 0,
    "comments_count" INTEGER NOT NULL DEFAULT 0,
    "shares_count" INTEGER NOT NULL DEFAULT 0,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hashtags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "category" TEXT,
    "language" TEXT,
    "search_vector" tsvector,
    "published_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3),
    "visibility" "visibility" NOT NULL DEFAULT 'PUBLIC',
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_revision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_item_id" UUID NOT NULL,
    "user_id" UUID,
    "suggestion_id" UUID,
    "field_name" TEXT NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT,
    "change_source" "change_source" NOT NULL,
    "change_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_provider" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "base_url" TEXT,
    "is_api_key_required" BOOLEAN NOT NULL DEFAULT true,
    "is_streaming_supported" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_model" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "max_context_tokens" INTEGER,
    "input_cost_per_1k_tokens" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "output_cost_per_1k_tokens" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_suggestion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_item_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "model_id" UUID,
    "requested_by_id" UUID,
    "suggested_titles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "suggested_description" TEXT,
    "suggested_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "suggested_category" TEXT,
    "trending_keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trending_hashtags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "related_topics" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trending_score" DECIMAL(7,4),
    "seo_score" DECIMAL(7,4),
    "readability_score" DECIMAL(7,4),
    "confidence_score" DECIMAL(7,4),
    "sentiment" TEXT,
    "target_audience" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "total_cost" DECIMAL(12,6) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "processing_time_ms" INTEGER,
    "is_applied" BOOLEAN NOT NULL DEFAULT false,
    "applied_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_suggestion_application" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "suggestion_id" UUID NOT NULL,
    "applied_field" TEXT NOT NULL,
    "applied_value" TEXT NOT NULL,
    "applied_by_user_id" UUID,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_suggestion_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trending_keyword" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "platform_id" UUID,
    "keyword" TEXT NOT NULL,
    "category" TEXT,
    "trending_score" DECIMAL(7,4),
    "search_volume" INTEGER,
    "competition_level" TEXT,
    "source" TEXT,
    "region" TEXT,
    "language" TEXT,
    "valid_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "valid_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trending_keyword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offerings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "slug" VARCHAR(500) NOT NULL,
    "description" TEXT,
    "offering_type" "offering_type" NOT NULL,
    "capacity_type" "capacity_type" NOT NULL,
    "max_participants" INTEGER,
    "delivery_method" "delivery_method" NOT NULL,
    "location_details" TEXT,
    "video_conference_provider" TEXT,
    "schedule" JSONB NOT NULL,
    "price" DECIMAL(12,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "credit_cost" INTEGER,
    "payment_options" JSONB NOT NULL DEFAULT '{}',
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "registration_deadline" TIMESTAMPTZ(3),
    "portal_config" JSONB NOT NULL DEFAULT '{}',
    "booking_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offerings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offering_bookings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "customer_id" UUID NOT NULL,
    "offering_id" UUID NOT NULL,
    "payment_method" "booking_payment_method" NOT NULL,
    "amount_paid" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "credits_used" INTEGER NOT NULL DEFAULT 0,
    "stripe_payment_intent_id" TEXT,
    "payment_id" UUID,
    "booking_details" JSONB NOT NULL DEFAULT '{}',
    "status" "booking_status" NOT NULL DEFAULT 'CONFIRMED',
    "canceled_at" TIMESTAMPTZ(3),
    "cancellation_reason" TEXT,
    "scheduled_at" TIMESTAMPTZ(3),
    "duration_minutes" INTEGER,
    "notes" TEXT,
    "contact_name" TEXT,
    "contact_email" TEXT,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offering_bookings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offering_portal_access" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "booking_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "offering_id" UUID NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_accessed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offering_portal_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offering_resources" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "offering_id" UUID NOT NULL,
    "resource_type" "resource_type" NOT NULL,
    "content_id" UUID,
    "file_url" TEXT,
    "link_url" TEXT,
    "text_content" TEXT,
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT,
    "available_when" "resource_availability" NOT NULL DEFAULT 'DURING',
    "unlock_at" TIMESTAMPTZ(3),
    "display_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offering_resources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_engine" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "api_endpoint" TEXT,
    "api_docs_url" TEXT,
    "supports_indexnow" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "search_engine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seo_connection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "search_engine_id" UUID NOT NULL,
    "vault_secret_name" TEXT NOT NULL,
    "site_url" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "is_verified" BOOLEAN NOT NULL DEFAULT false,
    "last_verified_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seo_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seo_submission" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_item_id" UUID,
    "connection_id" UUID NOT NULL,
    "search_engine_id" UUID NOT NULL,
    "submitted_url" TEXT NOT NULL,
    "submission_type" TEXT,
    "submission_method" TEXT,
    "request_payload" JSONB,
    "response_status" INTEGER,
    "response_body" JSONB,
    "status" "seo_submission_status" NOT NULL DEFAULT 'PENDING',
    "status_checked_at" TIMESTAMPTZ(3),
    "index_status_url" TEXT,
    "coverage_state" TEXT,
    "error_message" TEXT,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "next_retry_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3),
    "indexed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seo_submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_settings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "platform_name" TEXT NOT NULL DEFAULT 'My Platform',
    "tagline" TEXT,
    "logo_url" TEXT,
    "favicon_url" TEXT,
    "primary_color" VARCHAR(7) NOT NULL DEFAULT '#3b82f6',
    "secondary_color" VARCHAR(7),
    "hero_title" TEXT,
    "hero_subtitle" TEXT,
    "hero_background_url" TEXT,
    "hero_cta_text" TEXT,
    "hero_cta_link" TEXT,
    "contact_email" TEXT,
    "social_links" JSONB NOT NULL DEFAULT '{}',
    "about_content" TEXT,
    "stripe_account_id" TEXT,
    "email_from_name" TEXT,
    "email_from_address" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_featured_content" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "settings_id" UUID NOT NULL,
    "content_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_featured_content_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_settings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "is_public" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT,
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_settings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "is_email_notifications_enabled" BOOLEAN NOT NULL DEFAULT true,
    "is_push_notifications_enabled" BOOLEAN NOT NULL DEFAULT true,
    "is_weekly_digest_enabled" BOOLEAN NOT NULL DEFAULT false,
    "notification_preferences" JSONB NOT NULL DEFAULT '{}',
    "is_auto_sync_enabled" BOOLEAN NOT NULL DEFAULT false,
    "sync_frequency_hours" INTEGER NOT NULL DEFAULT 24,
    "is_auto_ai_analysis_enabled" BOOLEAN NOT NULL DEFAULT false,
    "is_auto_apply_ai_suggestions_enabled" BOOLEAN NOT NULL DEFAULT false,
    "is_auto_seo_submission_enabled" BOOLEAN NOT NULL DEFAULT false,
    "is_profile_public" BOOLEAN NOT NULL DEFAULT true,
    "is_analytics_enabled" BOOLEAN NOT NULL DEFAULT true,
    "theme" TEXT NOT NULL DEFAULT 'auto',
    "locale" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_ai_setting" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "preferred_provider_id" UUID,
    "preferred_model_id" UUID,
    "tone" TEXT NOT NULL DEFAULT 'professional',
    "language" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_ai_setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nav_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "parent_id" UUID,
    "label" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "is_external" BOOLEAN NOT NULL DEFAULT false,
    "icon" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "visible_to_roles" "role"[] DEFAULT ARRAY[]::"role"[],
    "requires_auth" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nav_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_cards" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "summary" TEXT,
    "body" TEXT,
    "category" TEXT,
    "icon" TEXT,
    "image_url" TEXT,
    "link_url" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_steps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "card_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "image_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "description" TEXT,
    "label" TEXT,
    "occurred_at" TIMESTAMPTZ(3),
    "icon" TEXT,
    "link_url" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timeline_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "form_submissions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "form_type" "form_type" NOT NULL,
    "user_id" UUID,
    "name" TEXT,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "subject" TEXT,
    "message" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "ip_address" TEXT,
    "user_agent" TEXT,
    "spam_score" DECIMAL(5,2),
    "status" "form_submission_status" NOT NULL DEFAULT 'NEW',
    "handled_at" TIMESTAMPTZ(3),
    "handled_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "form_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "cover_image_url" TEXT,
    "visibility" "visibility" NOT NULL DEFAULT 'PRIVATE',
    "status" "publish_status" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "start_node_id" UUID,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "play_count" INTEGER NOT NULL DEFAULT 0,
    "completion_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_nodes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "node_order" INTEGER,
    "title" TEXT,
    "content" TEXT NOT NULL,
    "audio_url" TEXT,
    "narrator_voice_id" TEXT,
    "character_voices" JSONB NOT NULL DEFAULT '{}',
    "background_audio_url" TEXT,
    "educational_content" JSONB NOT NULL DEFAULT '{}',
    "is_ending" BOOLEAN NOT NULL DEFAULT false,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_choices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "from_node_id" UUID NOT NULL,
    "to_node_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "gate" "choice_gate" NOT NULL DEFAULT 'NONE',
    "gate_voice_pack_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_choices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_story_progress" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "story_id" UUID NOT NULL,
    "current_node_id" UUID,
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "completed_at" TIMESTAMPTZ(3),
    "total_listen_time_seconds" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_played_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_story_progress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_progress_steps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "progress_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "node_id" UUID NOT NULL,
    "choice_id" UUID,
    "visited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_progress_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_highlights" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "video_url" TEXT,
    "thumbnail_url" TEXT,
    "duration_seconds" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_highlights_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_highlight_nodes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "highlight_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "story_highlight_nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_tiers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "price_monthly" DECIMAL(12,2),
    "price_yearly" DECIMAL(12,2),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "trial_days" INTEGER NOT NULL DEFAULT 0,
    "full_catalog_access" BOOLEAN NOT NULL DEFAULT false,
    "category_access" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "offering_access_rules" JSONB NOT NULL DEFAULT '[]',
    "monthly_credits" INTEGER NOT NULL DEFAULT 0,
    "credit_rollover" BOOLEAN NOT NULL DEFAULT false,
    "max_credit_rollover" INTEGER,
    "max_social_accounts" INTEGER NOT NULL DEFAULT 0,
    "max_syncs_per_month" INTEGER NOT NULL DEFAULT 0,
    "max_ai_analyses_per_month" INTEGER NOT NULL DEFAULT 0,
    "max_seo_submissions_per_month" INTEGER NOT NULL DEFAULT 0,
    "features" JSONB NOT NULL DEFAULT '[]',
    "stripe_price_id_monthly" TEXT,
    "stripe_price_id_yearly" TEXT,
    "stripe_product_id" TEXT,
    "revenue_cat_entitlement" TEXT,
    "is_featured" BOOLEAN NOT NULL DEFAULT false,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "deactivated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_tiers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "tier_id" UUID NOT NULL,
    "pending_tier_id" UUID,
    "status" "subscription_status" NOT NULL,
    "billing_period" "billing_period" NOT NULL DEFAULT 'MONTHLY',
    "provider" "subscription_provider" NOT NULL,
    "provider_subscription_id" TEXT,
    "provider_customer_id" TEXT,
    "current_period_start" TIMESTAMPTZ(3) NOT NULL,
    "current_period_end" TIMESTAMPTZ(3) NOT NULL,
    "trial_end" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "canceled_at" TIMESTAMPTZ(3),
    "cancellation_reason" TEXT,
    "past_due_since" TIMESTAMPTZ(3),
    "entitlements" JSONB NOT NULL DEFAULT '{}',
    "syncs_used" INTEGER NOT NULL DEFAULT 0,
    "ai_analyses_used" INTEGER NOT NULL DEFAULT 0,
    "seo_submissions_used" INTEGER NOT NULL DEFAULT 0,
    "last_rollover_period_end" TIMESTAMPTZ(3),
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "from_status" "subscription_status",
    "to_status" "subscription_status",
    "data" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quota_usage_history" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "subscription_id" UUID,
    "quota_kind" "quota_kind" NOT NULL,
    "operation" "quota_operation" NOT NULL,
    "amount" INTEGER NOT NULL,
    "current_value" INTEGER NOT NULL,
    "max_value" INTEGER NOT NULL,
    "related_entity_type" TEXT,
    "related_entity_id" UUID,
    "reason" TEXT,
    "billing_cycle_start" TIMESTAMPTZ(3),
    "billing_cycle_end" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_usage_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "old_values" JSONB,
    "new_values" JSONB,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cache_store" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "category" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cache_store_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "analytics_views_date_idx" ON "analytics_views"("date");

-- CreateIndex
CREATE INDEX "analytics_views_user_id_idx" ON "analytics_views"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "analytics_views_content_id_date_device_type_key" ON "analytics_views"("content_id", "date", "device_type");

-- CreateIndex
CREATE INDEX "video_playback_content_id_idx" ON "video_playback"("content_id");

-- CreateIndex
CREATE UNIQUE INDEX "video_playback_user_id_content_id_key" ON "video_playback"("user_id", "content_id");

-- CreateIndex
CREATE INDEX "events_user_id_server_time_idx" ON "events"("user_id", "server_time");

-- CreateIndex
CREATE INDEX "events_event_type_server_time_idx" ON "events"("event_type", "server_time");

-- CreateIndex
CREATE INDEX "events_content_id_server_time_idx" ON "events"("content_id", "server_time");

-- CreateIndex
CREATE INDEX "events_story_id_server_time_idx" ON "events"("story_id", "server_time");

-- CreateIndex
CREATE INDEX "events_server_time_idx" ON "events"("server_time");

-- CreateIndex
CREATE UNIQUE INDEX "events_dedupe_key_client_event_id_key" ON "events"("dedupe_key", "client_event_id");

-- CreateIndex
CREATE INDEX "ai_usage_user_id_created_at_idx" ON "ai_usage"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "ai_usage_provider_id_idx" ON "ai_usage"("provider_id");

-- CreateIndex
CREATE INDEX "ai_usage_model_id_idx" ON "ai_usage"("model_id");

-- CreateIndex
CREATE INDEX "ai_usage_content_item_id_idx" ON "ai_usage"("content_item_id");

-- CreateIndex
CREATE INDEX "ai_usage_suggestion_id_idx" ON "ai_usage"("suggestion_id");

-- CreateIndex
CREATE INDEX "seo_usage_user_id_created_at_idx" ON "seo_usage"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "seo_usage_search_engine_id_idx" ON "seo_usage"("search_engine_id");

-- CreateIndex
CREATE INDEX "seo_usage_content_item_id_idx" ON "seo_usage"("content_item_id");

-- CreateIndex
CREATE INDEX "seo_usage_submission_id_idx" ON "seo_usage"("submission_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_payment_id_key" ON "payments"("provider_payment_id");

-- CreateIndex
CREATE INDEX "payments_user_id_created_at_idx" ON "payments"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "payments_status_created_at_idx" ON "payments"("status", "created_at");

-- CreateIndex
CREATE INDEX "payments_purpose_idx" ON "payments"("purpose");

-- CreateIndex
CREATE INDEX "payments_content_id_idx" ON "payments"("content_id");

-- CreateIndex
CREATE INDEX "payments_series_id_idx" ON "payments"("series_id");

-- CreateIndex
CREATE INDEX "payments_voice_pack_id_idx" ON "payments"("voice_pack_id");

-- CreateIndex
CREATE INDEX "payments_offering_id_idx" ON "payments"("offering_id");

-- CreateIndex
CREATE INDEX "payments_subscription_id_idx" ON "payments"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_user_id_idempotency_key_key" ON "payments"("user_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_payment_id_key" ON "purchases"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_stripe_payment_intent_id_key" ON "purchases"("stripe_payment_intent_id");

-- CreateIndex
CREATE INDEX "purchases_customer_id_created_at_idx" ON "purchases"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "purchases_content_id_idx" ON "purchases"("content_id");

-- CreateIndex
CREATE INDEX "purchases_series_id_idx" ON "purchases"("series_id");

-- CreateIndex
CREATE INDEX "purchases_voice_pack_id_idx" ON "purchases"("voice_pack_id");

-- CreateIndex
CREATE INDEX "purchases_status_idx" ON "purchases"("status");

-- CreateIndex
CREATE INDEX "purchases_created_at_idx" ON "purchases"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_customer_id_idempotency_key_key" ON "purchases"("customer_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "content_access_content_id_idx" ON "content_access"("content_id");

-- CreateIndex
CREATE INDEX "content_access_series_id_idx" ON "content_access"("series_id");

-- CreateIndex
CREATE INDEX "content_access_expires_at_idx" ON "content_access"("expires_at");

-- CreateIndex
CREATE INDEX "content_access_purchase_id_idx" ON "content_access"("purchase_id");

-- CreateIndex
CREATE INDEX "content_access_payment_id_idx" ON "content_access"("payment_id");

-- CreateIndex
CREATE INDEX "content_access_subscription_id_idx" ON "content_access"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_access_user_id_content_id_key" ON "content_access"("user_id", "content_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_access_user_id_series_id_key" ON "content_access"("user_id", "series_id");

-- CreateIndex
CREATE UNIQUE INDEX "tips_payment_id_key" ON "tips"("payment_id");

-- CreateIndex
CREATE INDEX "tips_to_creator_id_created_at_idx" ON "tips"("to_creator_id", "created_at");

-- CreateIndex
CREATE INDEX "tips_from_user_id_created_at_idx" ON "tips"("from_user_id", "created_at");

-- CreateIndex
CREATE INDEX "tips_status_idx" ON "tips"("status");

-- CreateIndex
CREATE UNIQUE INDEX "tips_from_user_id_idempotency_key_key" ON "tips"("from_user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "voice_packs_is_active_idx" ON "voice_packs"("is_active");

-- CreateIndex
CREATE UNIQUE INDEX "user_voice_packs_payment_id_key" ON "user_voice_packs"("payment_id");

-- CreateIndex
CREATE INDEX "user_voice_packs_voice_pack_id_idx" ON "user_voice_packs"("voice_pack_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_voice_packs_user_id_voice_pack_id_key" ON "user_voice_packs"("user_id", "voice_pack_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_balances_user_id_key" ON "credit_balances"("user_id");

-- CreateIndex
CREATE INDEX "credit_transactions_user_id_created_at_idx" ON "credit_transactions"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "credit_transactions_subscription_id_idx" ON "credit_transactions"("subscription_id");

-- CreateIndex
CREATE INDEX "credit_transactions_offering_booking_id_idx" ON "credit_transactions"("offering_booking_id");

-- CreateIndex
CREATE INDEX "credit_transactions_expires_at_idx" ON "credit_transactions"("expires_at");

-- CreateIndex
CREATE INDEX "credit_transactions_created_at_idx" ON "credit_transactions"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "credit_transactions_user_id_idempotency_key_key" ON "credit_transactions"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "webhook_events_status_created_at_idx" ON "webhook_events"("status", "created_at");

-- CreateIndex
CREATE INDEX "webhook_events_type_idx" ON "webhook_events"("type");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_provider_event_id_key" ON "webhook_events"("provider", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_templates_key_key" ON "email_templates"("key");

-- CreateIndex
CREATE INDEX "email_logs_user_id_idx" ON "email_logs"("user_id");

-- CreateIndex
CREATE INDEX "email_logs_email_type_idx" ON "email_logs"("email_type");

-- CreateIndex
CREATE INDEX "email_logs_status_created_at_idx" ON "email_logs"("status", "created_at");

-- CreateIndex
CREATE INDEX "email_logs_template_key_idx" ON "email_logs"("template_key");

-- CreateIndex
CREATE INDEX "email_logs_created_at_idx" ON "email_logs"("created_at");

-- CreateIndex
CREATE INDEX "email_messages_recipient_id_created_at_idx" ON "email_messages"("recipient_id", "created_at");

-- CreateIndex
CREATE INDEX "email_messages_sender_id_created_at_idx" ON "email_messages"("sender_id", "created_at");

-- CreateIndex
CREATE INDEX "email_messages_thread_id_created_at_idx" ON "email_messages"("thread_id", "created_at");

-- CreateIndex
CREATE INDEX "email_messages_parent_id_idx" ON "email_messages"("parent_id");

-- CreateIndex
CREATE INDEX "notifications_user_id_read_at_idx" ON "notifications"("user_id", "read_at");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_expires_at_idx" ON "notifications"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "creators_user_id_key" ON "creators"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "creators_slug_key" ON "creators"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "content_slug_key" ON "content"("slug");

-- CreateIndex
CREATE INDEX "content_creator_id_deleted_at_idx" ON "content"("creator_id", "deleted_at");

-- CreateIndex
CREATE INDEX "content_status_published_at_idx" ON "content"("status", "published_at");

-- CreateIndex
CREATE INDEX "content_visibility_idx" ON "content"("visibility");

-- CreateIndex
CREATE INDEX "content_category_idx" ON "content"("category");

-- CreateIndex
CREATE INDEX "content_created_at_idx" ON "content"("created_at");

-- CreateIndex
CREATE INDEX "content_deleted_at_idx" ON "content"("deleted_at");

-- CreateIndex
CREATE INDEX "content_tags_idx" ON "content" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "content_series_id_series_position_key" ON "content"("series_id", "series_position");

-- CreateIndex
CREATE INDEX "content_prerequisites_prerequisite_id_idx" ON "content_prerequisites"("prerequisite_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_prerequisites_content_id_prerequisite_id_key" ON "content_prerequisites"("content_id", "prerequisite_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_series_slug_key" ON "content_series"("slug");

-- CreateIndex
CREATE INDEX "content_series_creator_id_deleted_at_idx" ON "content_series"("creator_id", "deleted_at");

-- CreateIndex
CREATE INDEX "content_series_status_published_at_idx" ON "content_series"("status", "published_at");

-- CreateIndex
CREATE INDEX "content_series_deleted_at_idx" ON "content_series"("deleted_at");

-- CreateIndex
CREATE INDEX "comments_story_id_created_at_idx" ON "comments"("story_id", "created_at");

-- CreateIndex
CREATE INDEX "comments_content_id_created_at_idx" ON "comments"("content_id", "created_at");

-- CreateIndex
CREATE INDEX "comments_parent_id_idx" ON "comments"("parent_id");

-- CreateIndex
CREATE INDEX "comments_author_id_idx" ON "comments"("author_id");

-- CreateIndex
CREATE INDEX "comments_deleted_at_idx" ON "comments"("deleted_at");

-- CreateIndex
CREATE INDEX "comment_reactions_user_id_idx" ON "comment_reactions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "comment_reactions_comment_id_user_id_emoji_key" ON "comment_reactions"("comment_id", "user_id", "emoji");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "users_stripe_customer_id_key" ON "users"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_stripe_connect_account_id_key" ON "users"("stripe_connect_account_id");

-- CreateIndex
CREATE INDEX "users_deleted_at_idx" ON "users"("deleted_at");

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "user_profiles_user_id_key" ON "user_profiles"("user_id");

-- CreateIndex
CREATE INDEX "user_role_role_idx" ON "user_role"("role");

-- CreateIndex
CREATE UNIQUE INDEX "user_role_user_id_role_key" ON "user_role"("user_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "auth_sessions_refresh_token_hash_key" ON "auth_sessions"("refresh_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "auth_sessions_replaced_by_id_key" ON "auth_sessions"("replaced_by_id");

-- CreateIndex
CREATE INDEX "auth_sessions_user_id_revoked_at_idx" ON "auth_sessions"("user_id", "revoked_at");

-- CreateIndex
CREATE INDEX "auth_sessions_family_id_idx" ON "auth_sessions"("family_id");

-- CreateIndex
CREATE INDEX "auth_sessions_expires_at_idx" ON "auth_sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "password_reset_tokens_user_id_idx" ON "password_reset_tokens"("user_id");

-- CreateIndex
CREATE INDEX "password_reset_tokens_expires_at_idx" ON "password_reset_tokens"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "email_verification_tokens_token_hash_key" ON "email_verification_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "email_verification_tokens_user_id_idx" ON "email_verification_tokens"("user_id");

-- CreateIndex
CREATE INDEX "email_verification_tokens_expires_at_idx" ON "email_verification_tokens"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "platform_slug_key" ON "platform"("slug");

-- CreateIndex
CREATE INDEX "platform_is_active_sort_order_idx" ON "platform"("is_active", "sort_order");

-- CreateIndex
CREATE UNIQUE INDEX "content_type_slug_key" ON "content_type"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "account_status_slug_key" ON "account_status"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "platform_connection_vault_secret_name_key" ON "platform_connection"("vault_secret_name");

-- CreateIndex
CREATE INDEX "platform_connection_user_id_platform_id_idx" ON "platform_connection"("user_id", "platform_id");

-- CreateIndex
CREATE INDEX "platform_connection_platform_id_idx" ON "platform_connection"("platform_id");

-- CreateIndex
CREATE INDEX "social_account_user_id_deleted_at_idx" ON "social_account"("user_id", "deleted_at");

-- CreateIndex
CREATE INDEX "social_account_platform_id_idx" ON "social_account"("platform_id");

-- CreateIndex
CREATE INDEX "social_account_status_id_idx" ON "social_account"("status_id");

-- CreateIndex
CREATE INDEX "social_account_sync_mode_next_sync_at_idx" ON "social_account"("sync_mode", "next_sync_at");

-- CreateIndex
CREATE INDEX "social_account_deleted_at_idx" ON "social_account"("deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "social_account_connection_id_platform_account_id_key" ON "social_account"("connection_id", "platform_account_id");

-- CreateIndex
CREATE INDEX "content_item_social_account_id_published_at_idx" ON "content_item"("social_account_id", "published_at" DESC);

-- CreateIndex
CREATE INDEX "content_item_platform_id_idx" ON "content_item"("platform_id");

-- CreateIndex
CREATE INDEX "content_item_content_type_id_idx" ON "content_item"("content_type_id");

-- CreateIndex
CREATE INDEX "content_item_deleted_at_idx" ON "content_item"("deleted_at");

-- CreateIndex
CREATE INDEX "content_item_tags_idx" ON "content_item" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "content_item_hashtags_idx" ON "content_item" USING GIN ("hashtags");

-- CreateIndex
CREATE UNIQUE INDEX "content_item_social_account_id_platform_content_id_key" ON "content_item"("social_account_id", "platform_content_id");

-- CreateIndex
CREATE INDEX "content_revision_content_item_id_created_at_idx" ON "content_revision"("content_item_id", "created_at");

-- CreateIndex
CREATE INDEX "content_revision_user_id_idx" ON "content_revision"("user_id");

-- CreateIndex
CREATE INDEX "content_revision_suggestion_id_idx" ON "content_revision"("suggestion_id");

-- CreateIndex
CREATE UNIQUE INDEX "ai_provider_slug_key" ON "ai_provider"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ai_model_provider_id_model_name_key" ON "ai_model"("provider_id", "model_name");

-- CreateIndex
CREATE INDEX "ai_suggestion_content_item_id_created_at_idx" ON "ai_suggestion"("content_item_id", "created_at");

-- CreateIndex
CREATE INDEX "ai_suggestion_provider_id_idx" ON "ai_suggestion"("provider_id");

-- CreateIndex
CREATE INDEX "ai_suggestion_model_id_idx" ON "ai_suggestion"("model_id");

-- CreateIndex
CREATE INDEX "ai_suggestion_requested_by_id_idx" ON "ai_suggestion"("requested_by_id");

-- CreateIndex
CREATE INDEX "ai_suggestion_application_suggestion_id_idx" ON "ai_suggestion_application"("suggestion_id");

-- CreateIndex
CREATE INDEX "ai_suggestion_application_applied_by_user_id_idx" ON "ai_suggestion_application"("applied_by_user_id");

-- CreateIndex
CREATE INDEX "trending_keyword_platform_id_valid_from_idx" ON "trending_keyword"("platform_id", "valid_from");

-- CreateIndex
CREATE INDEX "trending_keyword_keyword_idx" ON "trending_keyword"("keyword");

-- CreateIndex
CREATE UNIQUE INDEX "offerings_slug_key" ON "offerings"("slug");

-- CreateIndex
CREATE INDEX "offerings_creator_id_deleted_at_idx" ON "offerings"("creator_id", "deleted_at");

-- CreateIndex
CREATE INDEX "offerings_status_published_at_idx" ON "offerings"("status", "published_at");

-- CreateIndex
CREATE INDEX "offerings_offering_type_idx" ON "offerings"("offering_type");

-- CreateIndex
CREATE INDEX "offerings_deleted_at_idx" ON "offerings"("deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "offering_bookings_payment_id_key" ON "offering_bookings"("payment_id");

-- CreateIndex
CREATE INDEX "offering_bookings_customer_id_created_at_idx" ON "offering_bookings"("customer_id", "created_at");

-- CreateIndex
CREATE INDEX "offering_bookings_offering_id_status_idx" ON "offering_bookings"("offering_id", "status");

-- CreateIndex
CREATE INDEX "offering_bookings_status_idx" ON "offering_bookings"("status");

-- CreateIndex
CREATE INDEX "offering_bookings_scheduled_at_idx" ON "offering_bookings"("scheduled_at");

-- CreateIndex
CREATE UNIQUE INDEX "offering_bookings_customer_id_idempotency_key_key" ON "offering_bookings"("customer_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "offering_portal_access_booking_id_key" ON "offering_portal_access"("booking_id");

-- CreateIndex
CREATE INDEX "offering_portal_access_user_id_idx" ON "offering_portal_access"("user_id");

-- CreateIndex
CREATE INDEX "offering_portal_access_offering_id_idx" ON "offering_portal_access"("offering_id");

-- CreateIndex
CREATE INDEX "offering_resources_offering_id_display_order_idx" ON "offering_resources"("offering_id", "display_order");

-- CreateIndex
CREATE INDEX "offering_resources_content_id_idx" ON "offering_resources"("content_id");

-- CreateIndex
CREATE UNIQUE INDEX "search_engine_slug_key" ON "search_engine"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "seo_connection_vault_secret_name_key" ON "seo_connection"("vault_secret_name");

-- CreateIndex
CREATE INDEX "seo_connection_search_engine_id_idx" ON "seo_connection"("search_engine_id");

-- CreateIndex
CREATE UNIQUE INDEX "seo_connection_user_id_search_engine_id_site_url_key" ON "seo_connection"("user_id", "search_engine_id", "site_url");

-- CreateIndex
CREATE INDEX "seo_submission_content_item_id_idx" ON "seo_submission"("content_item_id");

-- CreateIndex
CREATE INDEX "seo_submission_connection_id_created_at_idx" ON "seo_submission"("connection_id", "created_at");

-- CreateIndex
CREATE INDEX "seo_submission_search_engine_id_idx" ON "seo_submission"("search_engine_id");

-- CreateIndex
CREATE INDEX "seo_submission_status_next_retry_at_idx" ON "seo_submission"("status", "next_retry_at");

-- CreateIndex
CREATE UNIQUE INDEX "platform_settings_singleton_key" ON "platform_settings"("singleton");

-- CreateIndex
CREATE INDEX "platform_featured_content_content_id_idx" ON "platform_featured_content"("content_id");

-- CreateIndex
CREATE UNIQUE INDEX "platform_featured_content_settings_id_content_id_key" ON "platform_featured_content"("settings_id", "content_id");

-- CreateIndex
CREATE UNIQUE INDEX "platform_featured_content_settings_id_position_key" ON "platform_featured_content"("settings_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "app_settings_key_key" ON "app_settings"("key");

-- CreateIndex
CREATE UNIQUE INDEX "user_settings_user_id_key" ON "user_settings"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_ai_setting_user_id_key" ON "user_ai_setting"("user_id");

-- CreateIndex
CREATE INDEX "user_ai_setting_preferred_provider_id_idx" ON "user_ai_setting"("preferred_provider_id");

-- CreateIndex
CREATE INDEX "user_ai_setting_preferred_model_id_idx" ON "user_ai_setting"("preferred_model_id");

-- CreateIndex
CREATE INDEX "nav_items_parent_id_position_idx" ON "nav_items"("parent_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "resource_cards_slug_key" ON "resource_cards"("slug");

-- CreateIndex
CREATE INDEX "resource_cards_status_position_idx" ON "resource_cards"("status", "position");

-- CreateIndex
CREATE INDEX "resource_cards_category_idx" ON "resource_cards"("category");

-- CreateIndex
CREATE INDEX "resource_steps_card_id_position_idx" ON "resource_steps"("card_id", "position");

-- CreateIndex
CREATE INDEX "timeline_items_status_position_idx" ON "timeline_items"("status", "position");

-- CreateIndex
CREATE INDEX "timeline_items_occurred_at_idx" ON "timeline_items"("occurred_at");

-- CreateIndex
CREATE INDEX "form_submissions_form_type_status_created_at_idx" ON "form_submissions"("form_type", "status", "created_at");

-- CreateIndex
CREATE INDEX "form_submissions_status_created_at_idx" ON "form_submissions"("status", "created_at");

-- CreateIndex
CREATE INDEX "form_submissions_email_idx" ON "form_submissions"("email");

-- CreateIndex
CREATE INDEX "form_submissions_ip_address_created_at_idx" ON "form_submissions"("ip_address", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "stories_start_node_id_key" ON "stories"("start_node_id");

-- CreateIndex
CREATE INDEX "stories_creator_id_deleted_at_idx" ON "stories"("creator_id", "deleted_at");

-- CreateIndex
CREATE INDEX "stories_status_published_at_idx" ON "stories"("status", "published_at");

-- CreateIndex
CREATE INDEX "stories_visibility_idx" ON "stories"("visibility");

-- CreateIndex
CREATE INDEX "stories_deleted_at_idx" ON "stories"("deleted_at");

-- CreateIndex
CREATE INDEX "stories_tags_idx" ON "stories" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "story_nodes_story_id_deleted_at_idx" ON "story_nodes"("story_id", "deleted_at");

-- CreateIndex
CREATE INDEX "story_nodes_story_id_node_order_idx" ON "story_nodes"("story_id", "node_order");

-- CreateIndex
CREATE INDEX "story_nodes_deleted_at_idx" ON "story_nodes"("deleted_at");

-- CreateIndex
CREATE INDEX "story_choices_story_id_idx" ON "story_choices"("story_id");

-- CreateIndex
CREATE INDEX "story_choices_from_node_id_position_idx" ON "story_choices"("from_node_id", "position");

-- CreateIndex
CREATE INDEX "story_choices_to_node_id_idx" ON "story_choices"("to_node_id");

-- CreateIndex
CREATE INDEX "story_choices_gate_voice_pack_id_idx" ON "story_choices"("gate_voice_pack_id");

-- CreateIndex
CREATE INDEX "user_story_progress_story_id_completed_idx" ON "user_story_progress"("story_id", "completed");

-- CreateIndex
CREATE INDEX "user_story_progress_current_node_id_idx" ON "user_story_progress"("current_node_id");

-- CreateIndex
CREATE INDEX "user_story_progress_user_id_last_played_at_idx" ON "user_story_progress"("user_id", "last_played_at");

-- CreateIndex
CREATE UNIQUE INDEX "user_story_progress_user_id_story_id_key" ON "user_story_progress"("user_id", "story_id");

-- CreateIndex
CREATE INDEX "story_progress_steps_node_id_idx" ON "story_progress_steps"("node_id");

-- CreateIndex
CREATE INDEX "story_progress_steps_choice_id_idx" ON "story_progress_steps"("choice_id");

-- CreateIndex
CREATE UNIQUE INDEX "story_progress_steps_progress_id_position_key" ON "story_progress_steps"("progress_id", "position");

-- CreateIndex
CREATE INDEX "story_highlights_story_id_idx" ON "story_highlights"("story_id");

-- CreateIndex
CREATE INDEX "story_highlights_user_id_idx" ON "story_highlights"("user_id");

-- CreateIndex
CREATE INDEX "story_highlight_nodes_node_id_idx" ON "story_highlight_nodes"("node_id");

-- CreateIndex
CREATE UNIQUE INDEX "story_highlight_nodes_highlight_id_position_key" ON "story_highlight_nodes"("highlight_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "story_highlight_nodes_highlight_id_node_id_key" ON "story_highlight_nodes"("highlight_id", "node_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_tiers_slug_key" ON "subscription_tiers"("slug");

-- CreateIndex
CREATE INDEX "subscription_tiers_is_active_sort_order_idx" ON "subscription_tiers"("is_active", "sort_order");

-- CreateIndex
CREATE INDEX "subscription_tiers_creator_id_idx" ON "subscription_tiers"("creator_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_provider_subscription_id_key" ON "subscriptions"("provider_subscription_id");

-- CreateIndex
CREATE INDEX "subscriptions_user_id_status_idx" ON "subscriptions"("user_id", "status");

-- CreateIndex
CREATE INDEX "subscriptions_status_current_period_end_idx" ON "subscriptions"("status", "current_period_end");

-- CreateIndex
CREATE INDEX "subscriptions_tier_id_idx" ON "subscriptions"("tier_id");

-- CreateIndex
CREATE INDEX "subscriptions_pending_tier_id_idx" ON "subscriptions"("pending_tier_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_user_id_idempotency_key_key" ON "subscriptions"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "subscription_events_subscription_id_occurred_at_idx" ON "subscription_events"("subscription_id", "occurred_at");

-- CreateIndex
CREATE INDEX "quota_usage_history_user_id_quota_kind_created_at_idx" ON "quota_usage_history"("user_id", "quota_kind", "created_at");

-- CreateIndex
CREATE INDEX "quota_usage_history_subscription_id_idx" ON "quota_usage_history"("subscription_id");

-- CreateIndex
CREATE INDEX "quota_usage_history_related_entity_type_related_entity_id_idx" ON "quota_usage_history"("related_entity_type", "related_entity_id");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_created_at_idx" ON "audit_log"("entity_type", "entity_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_created_at_idx" ON "audit_log"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_action_created_at_idx" ON "audit_log"("action", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE INDEX "cache_store_expires_at_idx" ON "cache_store"("expires_at");

-- CreateIndex
CREATE INDEX "cache_store_category_idx" ON "cache_store"("category");

-- AddForeignKey
ALTER TABLE "analytics_views" ADD CONSTRAINT "analytics_views_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_views" ADD CONSTRAINT "analytics_views_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_playback" ADD CONSTRAINT "video_playback_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_playback" ADD CONSTRAINT "video_playback_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "ai_provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "ai_model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_content_item_id_fkey" FOREIGN KEY ("content_item_id") REFERENCES "content_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_suggestion_id_fkey" FOREIGN KEY ("suggestion_id") REFERENCES "ai_suggestion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_usage" ADD CONSTRAINT "seo_usage_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_usage" ADD CONSTRAINT "seo_usage_search_engine_id_fkey" FOREIGN KEY ("search_engine_id") REFERENCES "search_engine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_usage" ADD CONSTRAINT "seo_usage_content_item_id_fkey" FOREIGN KEY ("content_item_id") REFERENCES "content_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_usage" ADD CONSTRAINT "seo_usage_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "seo_submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "content_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_voice_pack_id_fkey" FOREIGN KEY ("voice_pack_id") REFERENCES "voice_packs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_offering_id_fkey" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "content_series"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_voice_pack_id_fkey" FOREIGN KEY ("voice_pack_id") REFERENCES "voice_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "content_series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_access" ADD CONSTRAINT "content_access_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tips" ADD CONSTRAINT "tips_from_user_id_fkey" FOREIGN KEY ("from_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tips" ADD CONSTRAINT "tips_to_creator_id_fkey" FOREIGN KEY ("to_creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tips" ADD CONSTRAINT "tips_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_voice_packs" ADD CONSTRAINT "user_voice_packs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_voice_packs" ADD CONSTRAINT "user_voice_packs_voice_pack_id_fkey" FOREIGN KEY ("voice_pack_id") REFERENCES "voice_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_voice_packs" ADD CONSTRAINT "user_voice_packs_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_balances" ADD CONSTRAINT "credit_balances_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_offering_booking_id_fkey" FOREIGN KEY ("offering_booking_id") REFERENCES "offering_bookings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_template_key_fkey" FOREIGN KEY ("template_key") REFERENCES "email_templates"("key") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "email_messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creators" ADD CONSTRAINT "creators_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content" ADD CONSTRAINT "content_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content" ADD CONSTRAINT "content_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "content_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_prerequisites" ADD CONSTRAINT "content_prerequisites_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_prerequisites" ADD CONSTRAINT "content_prerequisites_prerequisite_id_fkey" FOREIGN KEY ("prerequisite_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_series" ADD CONSTRAINT "content_series_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment_reactions" ADD CONSTRAINT "comment_reactions_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment_reactions" ADD CONSTRAINT "comment_reactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_granted_by_id_fkey" FOREIGN KEY ("granted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "auth_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_verification_tokens" ADD CONSTRAINT "email_verification_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_connection" ADD CONSTRAINT "platform_connection_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_connection" ADD CONSTRAINT "platform_connection_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platform"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "social_account" ADD CONSTRAINT "social_account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "social_account" ADD CONSTRAINT "social_account_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "platform_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "social_account" ADD CONSTRAINT "social_account_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platform"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "social_account" ADD CONSTRAINT "social_account_status_id_fkey" FOREIGN KEY ("status_id") REFERENCES "account_status"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_item" ADD CONSTRAINT "content_item_social_account_id_fkey" FOREIGN KEY ("social_account_id") REFERENCES "social_account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_item" ADD CONSTRAINT "content_item_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platform"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_item" ADD CONSTRAINT "content_item_content_type_id_fkey" FOREIGN KEY ("content_type_id") REFERENCES "content_type"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_revision" ADD CONSTRAINT "content_revision_content_item_id_fkey" FOREIGN KEY ("content_item_id") REFERENCES "content_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_revision" ADD CONSTRAINT "content_revision_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_revision" ADD CONSTRAINT "content_revision_suggestion_id_fkey" FOREIGN KEY ("suggestion_id") REFERENCES "ai_suggestion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_model" ADD CONSTRAINT "ai_model_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "ai_provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_content_item_id_fkey" FOREIGN KEY ("content_item_id") REFERENCES "content_item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "ai_provider"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "ai_model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion_application" ADD CONSTRAINT "ai_suggestion_application_suggestion_id_fkey" FOREIGN KEY ("suggestion_id") REFERENCES "ai_suggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_suggestion_application" ADD CONSTRAINT "ai_suggestion_application_applied_by_user_id_fkey" FOREIGN KEY ("applied_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trending_keyword" ADD CONSTRAINT "trending_keyword_platform_id_fkey" FOREIGN KEY ("platform_id") REFERENCES "platform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_offering_id_fkey" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_portal_access" ADD CONSTRAINT "offering_portal_access_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "offering_bookings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_portal_access" ADD CONSTRAINT "offering_portal_access_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_portal_access" ADD CONSTRAINT "offering_portal_access_offering_id_fkey" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_resources" ADD CONSTRAINT "offering_resources_offering_id_fkey" FOREIGN KEY ("offering_id") REFERENCES "offerings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offering_resources" ADD CONSTRAINT "offering_resources_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_connection" ADD CONSTRAINT "seo_connection_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_connection" ADD CONSTRAINT "seo_connection_search_engine_id_fkey" FOREIGN KEY ("search_engine_id") REFERENCES "search_engine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_submission" ADD CONSTRAINT "seo_submission_content_item_id_fkey" FOREIGN KEY ("content_item_id") REFERENCES "content_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_submission" ADD CONSTRAINT "seo_submission_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "seo_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seo_submission" ADD CONSTRAINT "seo_submission_search_engine_id_fkey" FOREIGN KEY ("search_engine_id") REFERENCES "search_engine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_settings" ADD CONSTRAINT "platform_settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_featured_content" ADD CONSTRAINT "platform_featured_content_settings_id_fkey" FOREIGN KEY ("settings_id") REFERENCES "platform_settings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform_featured_content" ADD CONSTRAINT "platform_featured_content_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_settings" ADD CONSTRAINT "app_settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_ai_setting" ADD CONSTRAINT "user_ai_setting_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_ai_setting" ADD CONSTRAINT "user_ai_setting_preferred_provider_id_fkey" FOREIGN KEY ("preferred_provider_id") REFERENCES "ai_provider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_ai_setting" ADD CONSTRAINT "user_ai_setting_preferred_model_id_fkey" FOREIGN KEY ("preferred_model_id") REFERENCES "ai_model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nav_items" ADD CONSTRAINT "nav_items_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "nav_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_steps" ADD CONSTRAINT "resource_steps_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "resource_cards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_handled_by_id_fkey" FOREIGN KEY ("handled_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stories" ADD CONSTRAINT "stories_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stories" ADD CONSTRAINT "stories_start_node_id_fkey" FOREIGN KEY ("start_node_id") REFERENCES "story_nodes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_nodes" ADD CONSTRAINT "story_nodes_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_from_node_id_fkey" FOREIGN KEY ("from_node_id") REFERENCES "story_nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_to_node_id_fkey" FOREIGN KEY ("to_node_id") REFERENCES "story_nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_gate_voice_pack_id_fkey" FOREIGN KEY ("gate_voice_pack_id") REFERENCES "voice_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_current_node_id_fkey" FOREIGN KEY ("current_node_id") REFERENCES "story_nodes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_progress_steps" ADD CONSTRAINT "story_progress_steps_progress_id_fkey" FOREIGN KEY ("progress_id") REFERENCES "user_story_progress"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_progress_steps" ADD CONSTRAINT "story_progress_steps_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "story_nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_progress_steps" ADD CONSTRAINT "story_progress_steps_choice_id_fkey" FOREIGN KEY ("choice_id") REFERENCES "story_choices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_highlights" ADD CONSTRAINT "story_highlights_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_highlights" ADD CONSTRAINT "story_highlights_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_highlight_nodes" ADD CONSTRAINT "story_highlight_nodes_highlight_id_fkey" FOREIGN KEY ("highlight_id") REFERENCES "story_highlights"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_highlight_nodes" ADD CONSTRAINT "story_highlight_nodes_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "story_nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_tiers" ADD CONSTRAINT "subscription_tiers_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_tier_id_fkey" FOREIGN KEY ("tier_id") REFERENCES "subscription_tiers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_pending_tier_id_fkey" FOREIGN KEY ("pending_tier_id") REFERENCES "subscription_tiers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quota_usage_history" ADD CONSTRAINT "quota_usage_history_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quota_usage_history" ADD CONSTRAINT "quota_usage_history_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- =====================================================================================
-- HAND-WRITTEN SECTION (not generated by `prisma migrate diff`)
-- What the Prisma schema language cannot express but the seeds require: CHECK constraints,
-- the generated full-text search_vector of content_item, partial (live-row) indexes,
-- partial unique indexes, and the dashboard_creator view (declared as `view DashboardCreator`).
-- Plain SQL only (no dollar-quoted bodies), runs in one transaction on PostgreSQL 15 and on PGlite 0.5.14.
-- Everything is unqualified so it lands in the schema selected by the search_path of the runner.
-- =====================================================================================

-- -------------------------------------------------------------------------------------
-- CHECK constraints: identity and settings
-- -------------------------------------------------------------------------------------
ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase_check" CHECK (email = lower(email));
ALTER TABLE "users" ADD CONSTRAINT "users_email_format_check" CHECK (position('@' in email) > 1);

ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_preferences_object_check"
  CHECK (jsonb_typeof(preferences) = 'object');
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_reading_level_check"
  CHECK (preferences->>'readingLevel' IS NULL OR (preferences->>'readingLevel')::int BETWEEN 1 AND 5);

ALTER TABLE "platform_settings" ADD CONSTRAINT "platform_settings_singleton_check" CHECK (singleton = true);
ALTER TABLE "platform_settings" ADD CONSTRAINT "platform_settings_primary_color_check"
  CHECK (primary_color ~ '^#[0-9A-Fa-f]{6}$');
ALTER TABLE "platform_settings" ADD CONSTRAINT "platform_settings_secondary_color_check"
  CHECK (secondary_color IS NULL OR secondary_color ~ '^#[0-9A-Fa-f]{6}$');
ALTER TABLE "platform_settings" ADD CONSTRAINT "platform_settings_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "platform_featured_content" ADD CONSTRAINT "platform_featured_content_position_check" CHECK (position >= 0);

ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_sync_frequency_check" CHECK (sync_frequency_hours > 0);

ALTER TABLE "nav_items" ADD CONSTRAINT "nav_items_position_check" CHECK (position >= 0);
ALTER TABLE "nav_items" ADD CONSTRAINT "nav_items_parent_check" CHECK (parent_id IS NULL OR parent_id <> id);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: creators, content, series, comments
-- -------------------------------------------------------------------------------------
ALTER TABLE "content" ADD CONSTRAINT "content_price_check" CHECK (price IS NULL OR price > 0);
ALTER TABLE "content" ADD CONSTRAINT "content_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "content" ADD CONSTRAINT "content_media_duration_check"
  CHECK (media_duration_seconds IS NULL OR media_duration_seconds > 0);
ALTER TABLE "content" ADD CONSTRAINT "content_file_size_check" CHECK (file_size_bytes IS NULL OR file_size_bytes >= 0);
ALTER TABLE "content" ADD CONSTRAINT "content_counters_check" CHECK (view_count >= 0 AND purchase_count >= 0);
ALTER TABLE "content" ADD CONSTRAINT "content_series_position_check"
  CHECK (series_position IS NULL OR (series_position >= 0 AND series_id IS NOT NULL));

ALTER TABLE "content_series" ADD CONSTRAINT "content_series_price_check" CHECK (price IS NULL OR price > 0);
ALTER TABLE "content_series" ADD CONSTRAINT "content_series_currency_check" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "content_prerequisites" ADD CONSTRAINT "content_prerequisites_not_self_check"
  CHECK (content_id <> prerequisite_id);

ALTER TABLE "comments" ADD CONSTRAINT "comments_target_check" CHECK (num_nonnulls(story_id, content_id) = 1);
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_check" CHECK (parent_id IS NULL OR parent_id <> id);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: branching stories
-- -------------------------------------------------------------------------------------
ALTER TABLE "stories" ADD CONSTRAINT "stories_counters_check" CHECK (play_count >= 0 AND completion_count >= 0);
ALTER TABLE "story_nodes" ADD CONSTRAINT "story_nodes_node_order_check" CHECK (node_order IS NULL OR node_order >= 0);
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_position_check" CHECK (position >= 0);
ALTER TABLE "story_choices" ADD CONSTRAINT "story_choices_gate_check"
  CHECK ((gate = 'VOICE_PACK') = (gate_voice_pack_id IS NOT NULL));
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_listen_time_check"
  CHECK (total_listen_time_seconds >= 0);
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_version_check" CHECK (version >= 0);
ALTER TABLE "user_story_progress" ADD CONSTRAINT "user_story_progress_completed_check"
  CHECK (NOT completed OR completed_at IS NOT NULL);
ALTER TABLE "story_progress_steps" ADD CONSTRAINT "story_progress_steps_position_check" CHECK (position >= 0);
ALTER TABLE "story_highlights" ADD CONSTRAINT "story_highlights_duration_check"
  CHECK (duration_seconds IS NULL OR duration_seconds > 0);
ALTER TABLE "story_highlight_nodes" ADD CONSTRAINT "story_highlight_nodes_position_check" CHECK (position >= 0);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: commerce
-- -------------------------------------------------------------------------------------
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_check" CHECK (amount > 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "payments" ADD CONSTRAINT "payments_split_check"
  CHECK (platform_fee_amount >= 0 AND creator_payout_amount >= 0
         AND platform_fee_amount + creator_payout_amount <= amount);
ALTER TABLE "payments" ADD CONSTRAINT "payments_completed_at_check"
  CHECK (status <> 'COMPLETED' OR completed_at IS NOT NULL);
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_at_check"
  CHECK (status <> 'REFUNDED' OR refunded_at IS NOT NULL);

ALTER TABLE "purchases" ADD CONSTRAINT "purchases_amount_check" CHECK (amount_paid > 0);
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_split_check"
  CHECK (platform_fee_amount >= 0 AND creator_payout_amount >= 0
         AND platform_fee_amount + creator_payout_amount <= amount_paid);
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_target_check"
  CHECK (num_nonnulls(content_id, series_id, voice_pack_id) = 1);

ALTER TABLE "content_access" ADD CONSTRAINT "content_access_target_check"
  CHECK (num_nonnulls(content_id, series_id) = 1);

ALTER TABLE "tips" ADD CONSTRAINT "tips_amount_check" CHECK (amount > 0);
ALTER TABLE "tips" ADD CONSTRAINT "tips_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "tips" ADD CONSTRAINT "tips_not_self_check" CHECK (from_user_id <> to_creator_id);

ALTER TABLE "voice_packs" ADD CONSTRAINT "voice_packs_price_check" CHECK (price > 0);
ALTER TABLE "voice_packs" ADD CONSTRAINT "voice_packs_currency_check" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "credit_balances" ADD CONSTRAINT "credit_balances_non_negative_check"
  CHECK (current_balance >= 0 AND lifetime_earned >= 0 AND lifetime_spent >= 0);
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_balance_after_check" CHECK (balance_after >= 0);
ALTER TABLE "credit_transactions" ADD CONSTRAINT "credit_transactions_amount_sign_check"
  CHECK (
    (type IN ('EARNED_SUBSCRIPTION', 'EARNED_PURCHASE', 'REFUND_OFFERING') AND amount > 0)
    OR (type IN ('SPENT_OFFERING', 'EXPIRED') AND amount < 0)
    OR (type = 'ADJUSTMENT' AND amount <> 0)
  );

ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_attempts_check" CHECK (attempts >= 0);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: subscriptions and quotas
-- -------------------------------------------------------------------------------------
ALTER TABLE "subscription_tiers" ADD CONSTRAINT "subscription_tiers_price_check"
  CHECK ((price_monthly IS NULL OR price_monthly >= 0) AND (price_yearly IS NULL OR price_yearly >= 0));
ALTER TABLE "subscription_tiers" ADD CONSTRAINT "subscription_tiers_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "subscription_tiers" ADD CONSTRAINT "subscription_tiers_limits_check"
  CHECK (trial_days >= 0 AND monthly_credits >= 0
         AND (max_credit_rollover IS NULL OR max_credit_rollover >= 0)
         AND max_social_accounts >= 0 AND max_syncs_per_month >= 0
         AND max_ai_analyses_per_month >= 0 AND max_seo_submissions_per_month >= 0
         AND sort_order >= 0);

ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_quota_counters_check"
  CHECK (syncs_used >= 0 AND ai_analyses_used >= 0 AND seo_submissions_used >= 0);
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_period_check" CHECK (current_period_end > current_period_start);

ALTER TABLE "quota_usage_history" ADD CONSTRAINT "quota_usage_history_values_check"
  CHECK (amount >= 0 AND current_value >= 0 AND max_value >= 0);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: offerings and bookings
-- (max_participants is the total capacity of the offering, booking_count counts live bookings)
-- -------------------------------------------------------------------------------------
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_price_check" CHECK (price IS NULL OR price > 0);
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_credit_cost_check" CHECK (credit_cost IS NULL OR credit_cost > 0);
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_max_participants_check"
  CHECK (max_participants IS NULL OR max_participants > 0);
ALTER TABLE "offerings" ADD CONSTRAINT "offerings_booking_count_check"
  CHECK (booking_count >= 0 AND (max_participants IS NULL OR booking_count <= max_participants));

ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_amounts_check"
  CHECK (amount_paid >= 0 AND credits_used >= 0);
ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "offering_bookings" ADD CONSTRAINT "offering_bookings_duration_check"
  CHECK (duration_minutes IS NULL OR duration_minutes > 0);

ALTER TABLE "offering_resources" ADD CONSTRAINT "offering_resources_display_order_check" CHECK (display_order >= 0);
ALTER TABLE "offering_resources" ADD CONSTRAINT "offering_resources_target_check"
  CHECK (
    (resource_type = 'CONTENT' AND content_id IS NOT NULL)
    OR (resource_type = 'FILE' AND file_url IS NOT NULL)
    OR (resource_type = 'LINK' AND link_url IS NOT NULL)
    OR (resource_type = 'TEXT' AND text_content IS NOT NULL)
  );

-- -------------------------------------------------------------------------------------
-- CHECK constraints: analytics
-- -------------------------------------------------------------------------------------
ALTER TABLE "analytics_views" ADD CONSTRAINT "analytics_views_values_check"
  CHECK (view_count >= 0 AND watch_time_seconds >= 0);
ALTER TABLE "video_playback" ADD CONSTRAINT "video_playback_position_check" CHECK (position_seconds >= 0);
ALTER TABLE "video_playback" ADD CONSTRAINT "video_playback_duration_check" CHECK (duration_seconds > 0);
ALTER TABLE "events" ADD CONSTRAINT "events_actor_check" CHECK (user_id IS NOT NULL OR session_id IS NOT NULL);
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_values_check"
  CHECK (prompt_tokens >= 0 AND completion_tokens >= 0 AND total_tokens >= 0 AND cost >= 0
         AND (processing_time_ms IS NULL OR processing_time_ms >= 0));
ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "seo_usage" ADD CONSTRAINT "seo_usage_urls_count_check" CHECK (urls_count >= 0);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: communication and site
-- -------------------------------------------------------------------------------------
ALTER TABLE "email_logs" ADD CONSTRAINT "email_logs_attempts_check" CHECK (attempts >= 0);
ALTER TABLE "resource_cards" ADD CONSTRAINT "resource_cards_position_check" CHECK (position >= 0);
ALTER TABLE "resource_steps" ADD CONSTRAINT "resource_steps_position_check" CHECK (position >= 0);
ALTER TABLE "timeline_items" ADD CONSTRAINT "timeline_items_position_check" CHECK (position >= 0);
ALTER TABLE "form_submissions" ADD CONSTRAINT "form_submissions_spam_score_check"
  CHECK (spam_score IS NULL OR spam_score >= 0);

-- -------------------------------------------------------------------------------------
-- CHECK constraints: social platforms, AI, SEO
-- -------------------------------------------------------------------------------------
ALTER TABLE "social_account" ADD CONSTRAINT "social_account_counts_check"
  CHECK (follower_count >= 0 AND following_count >= 0 AND post_count >= 0);
ALTER TABLE "content_item" ADD CONSTRAINT "content_item_counts_check"
  CHECK (views_count >= 0 AND likes_count >= 0 AND comments_count >= 0 AND shares_count >= 0);
ALTER TABLE "content_item" ADD CONSTRAINT "content_item_duration_check"
  CHECK (duration_seconds IS NULL OR duration_seconds >= 0);
ALTER TABLE "ai_model" ADD CONSTRAINT "ai_model_costs_check"
  CHECK (input_cost_per_1k_tokens >= 0 AND output_cost_per_1k_tokens >= 0
         AND (max_context_tokens IS NULL OR max_context_tokens > 0));
ALTER TABLE "ai_model" ADD CONSTRAINT "ai_model_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_scores_check"
  CHECK ((trending_score IS NULL OR trending_score BETWEEN 0 AND 100)
         AND (seo_score IS NULL OR seo_score BETWEEN 0 AND 100)
         AND (readability_score IS NULL OR readability_score BETWEEN 0 AND 100)
         AND (confidence_score IS NULL OR confidence_score BETWEEN 0 AND 100));
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_usage_check"
  CHECK (prompt_tokens >= 0 AND completion_tokens >= 0 AND total_cost >= 0
         AND (processing_time_ms IS NULL OR processing_time_ms >= 0) AND version >= 1);
ALTER TABLE "ai_suggestion" ADD CONSTRAINT "ai_suggestion_currency_check" CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE "trending_keyword" ADD CONSTRAINT "trending_keyword_values_check"
  CHECK ((search_volume IS NULL OR search_volume >= 0)
         AND (trending_score IS NULL OR trending_score >= 0)
         AND (valid_until IS NULL OR valid_until > valid_from));
ALTER TABLE "seo_submission" ADD CONSTRAINT "seo_submission_retry_count_check" CHECK (retry_count >= 0);

-- -------------------------------------------------------------------------------------
-- Full-text search over synced content: content_item.search_vector as a generated column.
-- array_to_string() is only STABLE, which a generated column rejects, so it is wrapped in an
-- IMMUTABLE SQL function (safe: text[] -> text with a text separator does not depend on settings).
-- -------------------------------------------------------------------------------------
CREATE FUNCTION immutable_array_to_string(text[], text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS 'SELECT array_to_string($1, $2)';

ALTER TABLE "content_item" DROP COLUMN "search_vector";
ALTER TABLE "content_item" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce(title, '')), 'A')
  || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
  || setweight(to_tsvector('simple', immutable_array_to_string(coalesce(tags, '{}'), ' ')), 'C')
) STORED;
CREATE INDEX "content_item_search_vector_idx" ON "content_item" USING GIN ("search_vector");

-- (GIN indexes on the tag arrays content.tags, stories.tags, content_item.tags and
--  content_item.hashtags are declared in the Prisma schema with `type: Gin` and created above.)

-- -------------------------------------------------------------------------------------
-- Partial indexes for lists that only show live (not soft-deleted) rows
-- -------------------------------------------------------------------------------------
CREATE INDEX "stories_creator_live_idx" ON "stories" ("creator_id", "created_at" DESC) WHERE deleted_at IS NULL;
CREATE INDEX "stories_published_live_idx" ON "stories" ("published_at" DESC)
  WHERE deleted_at IS NULL AND status = 'PUBLISHED';
CREATE INDEX "story_nodes_story_live_idx" ON "story_nodes" ("story_id", "node_order") WHERE deleted_at IS NULL;
CREATE INDEX "story_choices_from_live_idx" ON "story_choices" ("from_node_id", "position") WHERE deleted_at IS NULL;
CREATE INDEX "content_creator_live_idx" ON "content" ("creator_id", "created_at" DESC) WHERE deleted_at IS NULL;
CREATE INDEX "content_status_live_idx" ON "content" ("status", "published_at" DESC) WHERE deleted_at IS NULL;
CREATE INDEX "content_series_creator_live_idx" ON "content_series" ("creator_id", "created_at" DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX "comments_story_live_idx" ON "comments" ("story_id", "created_at")
  WHERE deleted_at IS NULL AND story_id IS NOT NULL;
CREATE INDEX "comments_content_live_idx" ON "comments" ("content_id", "created_at")
  WHERE deleted_at IS NULL AND content_id IS NOT NULL;
CREATE INDEX "comments_parent_live_idx" ON "comments" ("parent_id", "created_at")
  WHERE deleted_at IS NULL AND parent_id IS NOT NULL;
CREATE INDEX "offerings_creator_live_idx" ON "offerings" ("creator_id", "created_at" DESC) WHERE deleted_at IS NULL;
CREATE INDEX "offerings_status_live_idx" ON "offerings" ("status", "published_at" DESC) WHERE deleted_at IS NULL;
CREATE INDEX "social_account_user_live_idx" ON "social_account" ("user_id", "platform_id") WHERE deleted_at IS NULL;
CREATE INDEX "content_item_account_live_idx" ON "content_item" ("social_account_id", "published_at" DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX "users_live_created_idx" ON "users" ("created_at") WHERE deleted_at IS NULL;

-- Other partial indexes for hot filtered lists
CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id", "created_at" DESC) WHERE read_at IS NULL;
CREATE INDEX "email_logs_pending_idx" ON "email_logs" ("created_at") WHERE status = 'PENDING';
CREATE INDEX "seo_submission_retry_idx" ON "seo_submission" ("next_retry_at")
  WHERE status IN ('PENDING', 'FAILED') AND next_retry_at IS NOT NULL;

-- -------------------------------------------------------------------------------------
-- Partial unique indexes: uniqueness that only holds for live rows
-- -------------------------------------------------------------------------------------
-- at most one live subscription per user (the UNIQUE(user_id) of the seeds, kept for history rows)
CREATE UNIQUE INDEX "subscriptions_one_live_per_user_key" ON "subscriptions" ("user_id")
  WHERE status IN ('TRIALING', 'ACTIVE', 'PAST_DUE');
-- at most one completed purchase per (customer, item) (003 UNIQUE (customer_id, content_id, status))
CREATE UNIQUE INDEX "purchases_one_completed_content_key" ON "purchases" ("customer_id", "content_id")
  WHERE status = 'COMPLETED' AND content_id IS NOT NULL;
CREATE UNIQUE INDEX "purchases_one_completed_series_key" ON "purchases" ("customer_id", "series_id")
  WHERE status = 'COMPLETED' AND series_id IS NOT NULL;
CREATE UNIQUE INDEX "purchases_one_completed_voice_pack_key" ON "purchases" ("customer_id", "voice_pack_id")
  WHERE status = 'COMPLETED' AND voice_pack_id IS NOT NULL;

-- -------------------------------------------------------------------------------------
-- dashboard_creator view (002): per-creator totals. Creators = users with a creators row or
-- any content or story. Counts cover live (not soft-deleted) rows, tips are COMPLETED ones.
-- -------------------------------------------------------------------------------------
CREATE VIEW "dashboard_creator" AS
SELECT
  u.id AS creator_id,
  COALESCE(c.total_content, 0)::integer AS total_content,
  COALESCE(v.total_views, 0)::integer AS total_views,
  COALESCE(v.total_watch_time, 0)::numeric(14, 2) AS total_watch_time,
  COALESCE(t.total_tips, 0)::numeric(12, 2) AS total_tips,
  (COALESCE(cc.total_comments, 0) + COALESCE(sc.total_comments, 0))::integer AS total_comments
FROM users u
LEFT JOIN LATERAL (
  SELECT count(*) AS total_content
  FROM content ct
  WHERE ct.creator_id = u.id AND ct.deleted_at IS NULL
) c ON true
LEFT JOIN LATERAL (
  SELECT sum(av.view_count) AS total_views, sum(av.watch_time_seconds) AS total_watch_time
  FROM analytics_views av
  JOIN content ct ON ct.id = av.content_id
  WHERE ct.creator_id = u.id AND ct.deleted_at IS NULL
) v ON true
LEFT JOIN LATERAL (
  SELECT sum(tp.amount) AS total_tips
  FROM tips tp
  WHERE tp.to_creator_id = u.id AND tp.status = 'COMPLETED'
) t ON true
LEFT JOIN LATERAL (
  SELECT count(*) AS total_comments
  FROM comments cm
  JOIN content ct ON ct.id = cm.content_id
  WHERE ct.creator_id = u.id AND ct.deleted_at IS NULL AND cm.deleted_at IS NULL
) cc ON true
LEFT JOIN LATERAL (
  SELECT count(*) AS total_comments
  FROM comments cm
  JOIN stories st ON st.id = cm.story_id
  WHERE st.creator_id = u.id AND st.deleted_at IS NULL AND cm.deleted_at IS NULL
) sc ON true
WHERE EXISTS (SELECT 1 FROM creators cr WHERE cr.user_id = u.id)
   OR EXISTS (SELECT 1 FROM content ct WHERE ct.creator_id = u.id)
   OR EXISTS (SELECT 1 FROM stories st WHERE st.creator_id = u.id);
