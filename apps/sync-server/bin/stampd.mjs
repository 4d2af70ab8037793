#!/usr/bin/env node
// The `stampd` CLI runs the TypeScript sources directly: tsx's ESM loader, with this workspace's
// tsconfig (JSX via hono/jsx) whatever the current directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli.ts");
