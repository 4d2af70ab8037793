#!/usr/bin/env -S node --max-semi-space-size=4
// Small young-generation semi-spaces: each sync request's bodies are short-lived, and V8's default
// (16 MB) let the server's peak RSS grow by ~40 MB under ingest for no measurable throughput gain.
// The `stampd` CLI runs the TypeScript sources directly: tsx's ESM loader, with this workspace's
// tsconfig (JSX via hono/jsx) whatever the current directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli.ts");
