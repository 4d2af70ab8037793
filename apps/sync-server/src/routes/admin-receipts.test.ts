import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

const urls = (html: string) =>
  [...html.matchAll(/class="small receipt-slip__url">([^<]+)</g)].map((m) => m[1]);

describe.each(DATABASES)("receipt QR codes from the admin (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  const receipts = async () => (await server.dump(["receipts"])).receipts ?? [];

  it("makes a printable sheet of one-time codes, once per form however often it is sent", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const page = await browser.get("/admin/receipts");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/receipts"');
    const batch = /name="batch" value="([^"]+)"/.exec(page.html)?.[1] ?? "";
    const fields = {
      programId: server.seed.programId,
      count: "2",
      copies: "3",
      days: "14",
      batch,
      _csrf: AdminBrowser.csrf(page.html),
    };
    const sheet = await browser.post("/admin/receipts", fields);
    expect(sheet.status).toBe(200);
    expect(sheet.html).toContain("3 codes made");
    expect((sheet.html.match(/<li class="receipt-slip">/g) ?? []).length).toBe(3);
    expect((sheet.html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(sheet.html).toContain("Scan for 2 stamps");
    const made = urls(sheet.html);
    expect(new Set(made).size).toBe(3);
    expect(await receipts()).toHaveLength(3);

    // A double click or a reload sends the same form: the same codes, no second sheet.
    const again = await browser.post("/admin/receipts", fields);
    expect(urls(again.html)).toEqual(made);
    expect(await receipts()).toHaveLength(3);

    // Each code is a real receipt: its page offers the stamps.
    const claim = await fetch(`${server.url}${new URL(made[0] ?? "").pathname}`, {
      redirect: "manual",
    });
    expect(claim.status).toBe(200);
  });

  it("says in words what is wrong with the form and makes nothing", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const before = (await receipts()).length;
    const bad = await browser.submit("/admin/receipts", "/admin/receipts", {
      programId: server.seed.programId,
      count: "0",
      copies: "500",
      days: "two",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("A whole number of stamps from 1 to 1,000.");
    expect(bad.html).toContain("A whole number of codes from 1 to 60.");
    expect(bad.html).toContain("A whole number of days from 1 to 365.");
    expect(bad.html).toMatch(/id="f-copies"[^>]*aria-invalid="true"/);
    expect(await receipts()).toHaveLength(before);
  });

  it("is open to managers, who print receipts for their shops, and not to staff", async () => {
    const manager = await AdminBrowser.signedInAs(server, "manager");
    const page = await manager.get("/admin/receipts");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/admin/receipts"');
    const staff = await AdminBrowser.signedInAs(server, "staff");
    expect((await staff.get("/admin/receipts")).location).toBe("/admin/account?notice=not-allowed");
    const before = (await receipts()).length;
    const own = await staff.get("/admin/account");
    const refused = await staff.post("/admin/receipts", {
      programId: server.seed.programId,
      count: "1",
      copies: "1",
      days: "14",
      batch: "staff-batch",
      _csrf: AdminBrowser.csrf(own.html),
    });
    expect(refused.status).toBe(403);
    expect(await receipts()).toHaveLength(before);
    expect((await staff.get("/admin/account")).html).not.toContain('href="/admin/receipts"');
  });
});
