import { generateKeyPairSync } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeys, issueCertificate } from "@stamp/pass-builder";

/** One push as the fake received it. */
export interface ApnsPush {
  readonly token: string;
  readonly topic: string;
  readonly authorization: string;
  readonly body: string;
}

/**
 * APNs as a pass's server meets it: HTTP/2 over TLS (a certificate from a CA of its own, which
 * the server under test trusts through APNS_CA_PEM), many streams per connection, answering
 * `POST /3/device/<token>` with 200, or 410 Unregistered for the tokens in `gone`. Counts pushes
 * per token, so a test sees anything sent twice; `reached(n)` waits for the n-th push.
 */
export class ApnsFake {
  readonly pushes = new Map<string, number>();
  readonly gone = new Set<string>();
  total = 0;
  last: ApnsPush | null = null;
  readonly #events = new EventEmitter();
  readonly #server: Http2SecureServer;
  /** The CA file and environment a server under test needs. */
  readonly env: NodeJS.ProcessEnv;

  private constructor(server: Http2SecureServer, env: NodeJS.ProcessEnv) {
    this.#server = server;
    this.env = env;
    this.#events.setMaxListeners(0);
    server.on("stream", (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const token = String(headers[":path"]).replace(/^\/3\/device\//, "");
        this.last = {
          token,
          topic: String(headers["apns-topic"]),
          authorization: String(headers.authorization),
          body: Buffer.concat(chunks).toString(),
        };
        this.pushes.set(token, (this.pushes.get(token) ?? 0) + 1);
        this.total += 1;
        const gone = this.gone.has(token);
        stream.respond({ ":status": gone ? 410 : 200, "apns-id": `id-${this.total}` });
        stream.end(gone ? JSON.stringify({ reason: "Unregistered" }) : "");
        this.#events.emit("push", this.total);
      });
    });
  }

  /** Starts on 127.0.0.1, port 0; `env` holds APNS_URL, APNS_CA_PEM and a token key. */
  static async start(): Promise<ApnsFake> {
    const caKeys = await generateKeys("ec-p256");
    const now = Date.now();
    const validity = { notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) };
    const caPem = await issueCertificate({
      subject: [["CN", "APNs fake CA"]],
      keyPair: caKeys,
      issuer: "self",
      profile: { kind: "root-ca" },
      ...validity,
    });
    const serverKeys = await generateKeys("ec-p256");
    const certPem = await issueCertificate({
      subject: [["CN", "127.0.0.1"]],
      keyPair: serverKeys,
      issuer: { certPem: caPem, privateKey: caKeys.privateKey },
      profile: { kind: "tls-server", names: ["127.0.0.1"] },
      ...validity,
    });
    const server = createSecureServer({
      key: serverKeys.privateKey.export({ type: "pkcs8", format: "pem" }),
      cert: certPem,
      // Apple allows about a thousand concurrent streams per connection.
      settings: { maxConcurrentStreams: 1000 },
    });
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
    const dir = mkdtempSync(join(tmpdir(), "apns-fake-"));
    writeFileSync(join(dir, "ca.pem"), caPem);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    writeFileSync(join(dir, "AuthKey.p8"), privateKey.export({ type: "pkcs8", format: "pem" }));
    return new ApnsFake(server, {
      APNS_URL: `https://127.0.0.1:${port}`,
      APNS_CA_PEM: join(dir, "ca.pem"),
      APNS_KEY_PEM: join(dir, "AuthKey.p8"),
      APNS_KEY_ID: "KEY1234567",
    });
  }

  /** Resolves once `count` pushes arrived in all. */
  reached(count: number): Promise<void> {
    if (this.total >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (total: number) => {
        if (total < count) return;
        this.#events.off("push", check);
        resolve();
      };
      this.#events.on("push", check);
    });
  }

  /** Tokens pushed more than once. */
  doubled(): string[] {
    return [...this.pushes].filter(([, n]) => n > 1).map(([token]) => token);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
