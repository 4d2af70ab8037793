import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../package-root";
import { hashedAsset } from "../pages/hashed-asset";

/** The program editor's live preview, the one script the admin pages load (their own). */
export const PROGRAM_PREVIEW_SCRIPT = hashedAsset(
  readFileSync(new URL("src/admin/pages/program-preview.js", PACKAGE_ROOT), "utf8"),
  "program-preview",
  "js",
);
