import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface GoogleRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

/**
 * Google's OAuth token endpoint and Wallet REST API on 127.0.0.1 (cleartext), recording every call.
 * Classes and objects live as Google keeps them: a PUT of an unknown class is 404, an object is
 * created by POST (409 when it exists) and PATCHed only when it exists (404 otherwise); answers to
 * a PATCH carry the object with `hasUsers` as `saved` says (a user saved it to Google Wallet).
 */
export class GoogleWalletFake {
  readonly requests: GoogleRequest[] = [];
  readonly classes = new Set<string>();
  readonly objects = new Set<string>();
  /** Objects a user holds in Google Wallet; the others answer `hasUsers: false`. */
  readonly saved = new Set<string>();
  readonly #server: Server;
  /** GOOGLE_WALLET_API_URL and GOOGLE_OAUTH_TOKEN_URL for a server under test. */
  readonly env: NodeJS.ProcessEnv;

  private constructor(server: Server, origin: string) {
    this.#server = server;
    this.env = {
      GOOGLE_WALLET_API_URL: origin,
      GOOGLE_OAUTH_TOKEN_URL: `${origin}/token`,
    };
  }

  static async start(): Promise<GoogleWalletFake> {
    let fake: GoogleWalletFake | undefined;
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        const [status, answer] = fake?.answer(request.method ?? "", request.url ?? "", body) ?? [
          500,
        ];
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(answer ?? {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new GoogleWalletFake(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    return fake;
  }

  calls(method: string, prefix: string): GoogleRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  private answer(method: string, path: string, body: string): [number, unknown?] {
    this.requests.push({ method, path, body });
    if (path === "/token")
      return [200, { access_token: "fake-token", expires_in: 3600, token_type: "Bearer" }];
    const sent = body ? (JSON.parse(body) as { id?: string }) : {};
    if (path === "/loyaltyClass" && method === "POST") {
      this.classes.add(sent.id ?? "");
      return [200, sent];
    }
    if (path.startsWith("/loyaltyClass/") && method === "PUT") {
      const id = decodeURIComponent(path.slice("/loyaltyClass/".length));
      return this.classes.has(id) ? [200, sent] : [404, notFound()];
    }
    if (path === "/loyaltyObject" && method === "POST") {
      const id = sent.id ?? "";
      if (this.objects.has(id)) return [409, { error: { code: 409, status: "ALREADY_EXISTS" } }];
      this.objects.add(id);
      return [200, sent];
    }
    const object = /^\/loyaltyObject\/([^/]+)(\/addMessage)?$/.exec(path);
    if (object) {
      const id = decodeURIComponent(object[1] as string);
      if (!this.objects.has(id)) return [404, notFound()];
      if (object[2]) return [200, { resource: { id } }];
      return [200, { ...sent, id, hasUsers: this.saved.has(id) }];
    }
    return [404, notFound()];
  }
}

const notFound = () => ({
  error: { code: 404, message: "Resource not found", status: "NOT_FOUND" },
});
