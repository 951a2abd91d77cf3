-- Shared secret store (src/adapters/secrets-pg.ts): platform tokens and search-engine keys,
-- AES-256-GCM encrypted by the gateway before they reach the database (the key never does).
-- CreateTable
CREATE TABLE "secret_store" (
    "name" VARCHAR(200) NOT NULL,
    "key_id" VARCHAR(16) NOT NULL,
    "iv" BYTEA NOT NULL,
    "auth_tag" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secret_store_pkey" PRIMARY KEY ("name")
);

ALTER TABLE "secret_store" ADD CONSTRAINT "secret_store_iv_len" CHECK (octet_length("iv") = 12);
ALTER TABLE "secret_store" ADD CONSTRAINT "secret_store_tag_len" CHECK (octet_length("auth_tag") = 16);
