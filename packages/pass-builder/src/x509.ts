import type * as X509 from "@peculiar/x509";

let x509: Promise<typeof X509> | undefined;
/**
 * @peculiar/x509, loaded with the first certificate issued or read (index.ts: the libraries load
 * when first used). It resolves its algorithms through tsyringe, which needs the Reflect metadata
 * API before it loads: load the library with this, never directly.
 */
export function loadX509(): Promise<typeof X509> {
  x509 ??= import("reflect-metadata").then(() => import("@peculiar/x509"));
  return x509;
}
