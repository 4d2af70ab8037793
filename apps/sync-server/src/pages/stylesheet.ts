import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../package-root";

const css = readFileSync(new URL("src/pages/stamp.css", PACKAGE_ROOT), "utf8");
const hash = createHash("sha256").update(css).digest("hex").slice(0, 12);

/** The pages' one stylesheet, under a content-hashed URL so it can be cached for good. */
export const STYLESHEET = { css, href: `/assets/stamp-${hash}.css` } as const;
