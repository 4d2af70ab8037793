import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations (drizzle.config.ts has SQLite's); both are applied on start. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/pg/schema.ts",
  out: "./drizzle-pg",
});
