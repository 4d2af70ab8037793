import { describe, expect, it } from "vitest";
import { fetchSecureAddresses } from "./secure-addresses";

const answering =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status });

describe("fetchSecureAddresses", () => {
  it("takes the kiosk's https address and the setup page", async () => {
    const found = await fetchSecureAddresses(
      answering(200, {
        kiosk: "https://shop-pc.local:8443/app/",
        setup: "http://shop-pc.local/setup",
      }),
    );
    expect(found).toEqual({
      kiosk: "https://shop-pc.local:8443/app/",
      setup: "http://shop-pc.local/setup",
    });
  });

  it("offers no kiosk link that is not https (it would lead back to the same problem)", async () => {
    const found = await fetchSecureAddresses(
      answering(200, { kiosk: "http://shop-pc.local/app/", setup: "/setup" }),
    );
    expect(found).toEqual({ setup: "/setup" });
  });

  it("is null when the server cannot answer: offline, an error, not JSON", async () => {
    await expect(
      fetchSecureAddresses(async () => {
        throw new TypeError("Failed to fetch");
      }),
    ).resolves.toBeNull();
    await expect(fetchSecureAddresses(answering(404, {}))).resolves.toBeNull();
    await expect(
      fetchSecureAddresses(async () => new Response("<html>", { status: 200 })),
    ).resolves.toBeNull();
    await expect(fetchSecureAddresses(answering(200, { kiosk: 3 }))).resolves.toBeNull();
  });
});
