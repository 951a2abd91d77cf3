// Prisma CLI configuration. The Rust-free ("js") engine with the pg driver adapter lets
// `prisma generate`, `prisma migrate diff` and `prisma migrate status` run without downloading
// a native engine (see ../shared/stack-notes.md). Migrations are applied by src/db/migrate.ts.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI reads env("DATABASE_URL") even for a schema-to-schema diff; a placeholder keeps
// `prisma generate` and `migrate diff` offline when no database is configured.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/placeholder?sslmode=disable";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
