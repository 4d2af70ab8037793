import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/test-server";
import { createApp } from "../app";
import { API_OPERATIONS } from "./api-operations";

let server: TestServer;

/** As much of an OpenAPI document as these tests read. */
interface OpenApi {
  openapi: string;
  components: { schemas: Record<string, unknown> };
  paths: Record<
    string,
    Record<string, { parameters?: unknown[]; responses: Record<string, { description: string }> }>
  >;
}

const fetchDocument = async () =>
  (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApi;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1, as a third-party validator reads it", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("names every /api/v1 route the server answers, and no other", () => {
    const app = createApp(server.services);
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set(API_OPERATIONS.map((op) => `${op.method} ${op.path}`));
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it("says what each body must be: the route's own schema (required fields, closed objects)", async () => {
    const document = await fetchDocument();
    expect(document.components.schemas.WebhookRequest).toMatchObject({
      type: "object",
      required: ["url", "events"],
      additionalProperties: false,
    });
    expect(document.paths["/api/v1/stamps"]?.post?.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", in: "header", required: true }),
    );
    expect(
      document.paths["/api/v1/vouchers/redeem"]?.post?.responses["409"]?.description,
    ).toContain("voucher-already-redeemed");
  });

  it("is readable at /api/docs, a page with every operation", async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const op of API_OPERATIONS)
      expect(html).toContain(`${op.method.toUpperCase()} ${op.path}`);
  });
});
