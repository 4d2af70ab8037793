import { randomUUID } from "node:crypto";
import type { AdminRole } from "../src/admin/admin-role";
import { createAdmin } from "../src/admin/create-admin";
import type { TestServer } from "./test-server";

/** A cookie-keeping client for the admin pages, the way a browser without script uses them. */
export class AdminBrowser {
  readonly #cookies = new Map<string, string>();

  constructor(readonly server: { url: string }) {}

  #remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (!name) continue;
      if (/max-age=0/i.test(line) || value.join("=") === "") this.#cookies.delete(name.trim());
      else this.#cookies.set(name.trim(), value.join("="));
    }
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** One request with the cookies kept so far; the answer's cookies are kept for the next. */
  async #send(
    path: string,
    init: Pick<RequestInit, "method" | "body"> & { headers?: Record<string, string> } = {},
  ): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(`${this.server.url}${path}`, {
      ...init,
      headers: {
        ...init.headers,
        cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      redirect: "manual",
    });
    this.#remember(response);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get("location"),
    };
  }

  get(path: string) {
    return this.#send(path);
  }

  post(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return this.#send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
  }

  /** Posts a multipart form with one file, as a browser sends an `<input type="file">`. */
  upload(
    path: string,
    fields: Record<string, string>,
    file: {
      readonly field: string;
      readonly name: string;
      readonly type: string;
      readonly bytes: Uint8Array;
    },
  ) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append(file.field, new Blob([file.bytes], { type: file.type }), file.name);
    return this.#send(path, { method: "POST", body });
  }

  /** The CSRF token of the last page's forms. */
  static csrf(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error("no CSRF field on the page");
    return match[1] as string;
  }

  async login(email: string, password: string) {
    const page = await this.get("/admin/login");
    return this.post("/admin/login", { email, password, _csrf: AdminBrowser.csrf(page.html) });
  }

  static async signedIn(
    server: TestServer,
    email = server.seed.adminEmail,
    password = server.seed.adminPassword,
  ) {
    const browser = new AdminBrowser(server);
    const reply = await browser.login(email, password);
    if (reply.status !== 303) throw new Error(`login failed: ${reply.status}`);
    return browser;
  }

  /** A browser signed in to the seed merchant as a new account of `role`, tied to `locations`. */
  static async signedInAs(server: TestServer, role: AdminRole, locations: readonly string[] = []) {
    const email = `${role}-${randomUUID()}@example.org`;
    const password = "a long test password";
    const { merchantId } = server.seed;
    const created = await createAdmin(server.services, { email, password, merchantId });
    if (!created.ok) throw new Error(`no account: ${created.reason}`);
    await server.services.store.setAdminRole(merchantId, created.userId, role);
    if (locations.length > 0)
      await server.services.store.setAdminLocations(merchantId, created.userId, locations);
    return AdminBrowser.signedIn(server, email, password);
  }

  /** Posts a form of the page at `from`, with that page's CSRF token. */
  async submit(from: string, action: string, fields: Record<string, string | string[]>) {
    const page = await this.get(from);
    return this.post(action, { ...fields, _csrf: AdminBrowser.csrf(page.html) });
  }
}
