import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { startTestServer, type TestServer } from "../../test/test-server";
import { SESSION_COOKIE } from "../admin/admin-session";

let server: TestServer;
let admin: AdminBrowser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await AdminBrowser.signedIn(server);
});
afterAll(() => server.close());

const poster = (query: string, file = "poster.svg") =>
  fetch(`${server.url}/admin/programs/${server.seed.programId}/${file}${query}`, {
    headers: { cookie: `${SESSION_COOKIE}=${admin.cookie(SESSION_COOKIE)}` },
    redirect: "manual",
  });

describe("admin wallet pages: posters, pass preview, location positions", () => {
  it("draws an A4 SVG with the program, the reward and the join QR", async () => {
    const response = await poster("?layout=a4");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const svg = await response.text();
    expect(svg).toContain('width="210mm" height="297mm"');
    expect(svg).toContain("Stamp card");
    expect(svg).toContain("Free coffee");
    expect(svg).toContain(`${server.services.publicUrl}/join/demo-coffee`);
    expect(svg).toMatch(/<svg x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" xmlns/);
  });

  it("draws an A6 table tent: two panels and a fold line, in the chosen language", async () => {
    const svg = await (
      await poster(`?layout=a6&lang=de&location=${server.seed.locationId}`)
    ).text();
    expect(svg).toContain('width="105mm" height="296mm"');
    expect(svg).toContain("rotate(180");
    expect(svg).toContain("Hier falten");
    expect(svg).toContain("Main counter");
  });

  it("renders the PNG with resvg", async () => {
    const response = await poster("?layout=a6", "poster.png");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(620);
  });

  it("is linked, with the pass preview, from the program editor", async () => {
    const page = await admin.get(`/admin/programs/${server.seed.programId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Wallet card and join QR");
    expect(page.html).toMatch(/<svg[^>]*role="img"/);
    expect(page.html).toContain("3 / 10");
    expect(page.html).toContain(`/admin/programs/${server.seed.programId}/poster.png?layout=a6`);
    expect(page.html).toContain(`${server.services.publicUrl}/join/demo-coffee`);
  });

  it("saves a location's position for the passes' reminders, refusing nonsense", async () => {
    const action = `/admin/locations/${server.seed.locationId}/coordinates`;
    const wrong = await admin.submit("/admin/locations", action, {
      latitude: "95",
      longitude: "east",
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain("A latitude is a number from -90 to 90.");
    expect(wrong.html).toContain("A longitude is a number from -180 to 180.");
    const textOnly = await admin.submit("/admin/locations", action, {
      latitude: "",
      longitude: "",
      relevantText: "Free coffee inside",
    });
    expect(textOnly.status).toBe(422);
    expect(textOnly.html).toContain("only with a position");
    const saved = await admin.submit("/admin/locations", action, {
      latitude: "52,52",
      longitude: "13.405",
      relevantText: "  Free coffee inside ",
    });
    expect(saved.status).toBe(303);
    expect(await server.services.wallet.store.placedLocations(server.seed.merchantId)).toEqual([
      {
        id: server.seed.locationId,
        name: "Main counter",
        latitude: 52.52,
        longitude: 13.405,
        relevantText: "Free coffee inside",
      },
    ]);
    const page = await admin.get("/admin/locations?notice=coordinates");
    expect(page.html).toContain('value="52.52"');
    expect(page.html).toContain('value="Free coffee inside"');
    expect(page.html).toContain(`poster.png?layout=a6&amp;location=${server.seed.locationId}`);
    const cleared = await admin.submit("/admin/locations", action, { latitude: "", longitude: "" });
    expect(cleared.status).toBe(303);
    expect(await server.services.wallet.store.placedLocations(server.seed.merchantId)).toEqual([]);
  });

  it("is for the merchant's admins only", async () => {
    const anonymous = await fetch(
      `${server.url}/admin/programs/${server.seed.programId}/poster.svg`,
      {
        redirect: "manual",
      },
    );
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin/login");
    expect((await admin.get("/admin/login")).status).not.toBe(500);
  });
});
