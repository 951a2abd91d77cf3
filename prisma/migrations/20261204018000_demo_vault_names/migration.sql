-- Demo databases seeded before this migration hold vault references such as
-- "vault:platform/ada/youtube", which the secrets store rejects ("invalid secret name"), so
-- verifying, syncing and the auto-sync job failed with an internal error. The store's names are
-- "<kind>/<row id>"; the seed now writes those (and the demo credentials behind them). Only rows
-- whose name could never be read are renamed.
UPDATE "platform_connection" SET "vault_secret_name" = 'platform-connection/' || "id"::text
WHERE "vault_secret_name" LIKE 'vault:%';
UPDATE "seo_connection" SET "vault_secret_name" = 'seo-connection/' || "id"::text
WHERE "vault_secret_name" LIKE 'vault:%';
