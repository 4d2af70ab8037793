import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/test-server";
import { SYNC_BODY_LIMIT } from "./body-limits";

/**
 * A POST to `path` over real HTTP, its body in `chunks`: with a declared length (`content-length`)
 * or chunked (`transfer-encoding: chunked`, no length), as a client streaming its body sends it.
 */
function post(
  server: TestServer,
  path: string,
  chunks: readonly string[],
  framing: "length" | "chunked",
): Promise<{ status: number; code: string | undefined }> {
  const length = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk), 0);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (framing === "length") headers["content-length"] = String(length);
  return new Promise((resolve, reject) => {
    const sent = request(`${server.url}${path}`, { method: "POST", headers }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, code: JSON.parse(text).error?.code }),
      );
    });
    // The server may answer and close before the whole body is sent: the answer counts.
    sent.on("error", reject);
    for (const chunk of chunks) sent.write(chunk);
    sent.end();
  });
}

/** Bodies are judged by their declared length, or counted as they come when none is declared. */
describe("body limits over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const big = [`{"cursor":null,"events":["`, "x".repeat(SYNC_BODY_LIMIT), `"]}`];
  const small = [`{"cursor":null,`, `"events":[]}`];

  it.each(["length", "chunked"] as const)(
    "refuses a sync body over the limit (%s), and lets a small one on to the route",
    async (framing) => {
      expect(await post(server, "/api/v1/sync", big, framing)).toEqual({
        status: 413,
        code: "payload-too-large",
      });
      // Past the limit check: the route asks for credentials.
      expect(await post(server, "/api/v1/sync", small, framing)).toEqual({
        status: 401,
        code: "unauthorized",
      });
    },
  );

  it("holds other routes to 64 KB, declared or not", async () => {
    const pair = [`{"code":"`, "x".repeat(70_000), `"}`];
    for (const framing of ["length", "chunked"] as const)
      expect(await post(server, "/api/v1/devices/pair", pair, framing)).toEqual({
        status: 413,
        code: "payload-too-large",
      });
  });
});
