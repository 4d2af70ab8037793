// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API
// before it loads: import the library from here, never directly.
import "reflect-metadata";

export * as x509 from "@peculiar/x509";
