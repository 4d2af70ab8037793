import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { LOTTERY_EDITOR_FORM } from "../../test/editor-form";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

let server: TestServer;

describe.each(DATABASES)("the program editor in the merchant's words (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database });
  });
  afterAll(() => server.close());

  const stored = async (programId: string) =>
    (await server.services.store.getProgram(server.seed.merchantId, programId))?.program;

  it("creates a lottery with server-made seed and prize ids, amounts in currency, and stays on the editor saying so", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const created = await browser.submit(
      "/admin/programs/new",
      "/admin/programs",
      LOTTERY_EDITOR_FORM,
    );
    expect(created.status).toBe(303);
    const editorPath = created.location?.replace(/\?.*$/, "") ?? "";
    expect(editorPath).toMatch(/^\/admin\/programs\/[0-9a-f-]{36}$/);
    expect(created.location).toBe(`${editorPath}?notice=created`);
    const programId = editorPath.split("/").pop() ?? "";
    const program = await stored(programId);
    expect(program?.earning).toEqual({ kind: "by-amount", unitAmount: 450, currency: "EUR" });
    expect(program?.locales).toEqual(["en", "he"]);
    if (program?.reward.kind !== "lottery") throw new Error("not a lottery");
    expect(program.reward.seed.length).toBeGreaterThanOrEqual(16);
    const ids = program.reward.prizes.map((p) => p.id);
    expect(new Set(ids).size).toBe(2);
    expect(program.reward.prizes.map((p) => p.title)).toEqual(["Muffin", "Latte"]);

    const page = await browser.get(created.location ?? "");
    expect(page.html).toContain("Program created.");
    // Typed and shown in the currency, never in cents; no seed or prize id field to fill in.
    expect(page.html).toMatch(/name="earning.amount"[^>]*value="4.50"/);
    expect(page.html).toContain("1 stamp per €4.50");
    expect(page.html).not.toContain("Lottery seed");
    expect(page.html).not.toContain("Prize id");
    expect(page.html).toMatch(/type="hidden" name="reward.seed" value="[^"]+"/);

    // Saving again keeps what the server made (a new seed would change future draws).
    const saved = await browser.submit(editorPath, editorPath, {
      ...LOTTERY_EDITOR_FORM,
      "reward.seed": program.reward.seed,
      "reward.prizes.0.id": ids[0] ?? "",
      "reward.prizes.1.id": ids[1] ?? "",
      "reward.prizes.2.title": "Cookie",
      "reward.prizes.2.weight": "1",
      goal: "9",
      _version: "1",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${editorPath}?notice=saved`);
    expect((await browser.get(saved.location ?? "")).html).toContain("Program saved.");
    const again = await stored(programId);
    if (again?.reward.kind !== "lottery") throw new Error("not a lottery");
    expect(again.reward.seed).toBe(program.reward.seed);
    expect(again.reward.prizes.slice(0, 2).map((p) => p.id)).toEqual(ids);
    expect(again.reward.prizes[2]?.id).not.toBe("");
    expect(new Set(again.reward.prizes.map((p) => p.id)).size).toBe(3);
  });

  it("names the field of each error in words, next to the field, and keeps what was typed", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    const before = await stored(server.seed.programId);
    const bad = await browser.submit(path, path, {
      ...LOTTERY_EDITOR_FORM,
      goal: "99",
      "earning.amount": "4.505",
      "reward.prizes.1.weight": "-2",
      _version: String(before?.version),
    });
    expect(bad.status).toBe(422);
    const summary = /data-testid="editor-errors"[\s\S]*?<\/ul>/.exec(bad.html)?.[0] ?? "";
    expect(summary).toContain(">Stamps to the reward</a>");
    expect(summary).toContain(">Amount per stamp</a>");
    expect(summary).toContain(">Prize 2: Chance (%)</a>");
    // Never a schema path in what the merchant reads.
    expect(summary).not.toMatch(/reward\.prizes|earning\.unitAmount|>goal</);
    expect(bad.html).toMatch(/id="f-goal"[^>]*aria-invalid="true"/);
    expect(bad.html).toMatch(/name="earning.amount"[^>]*value="4.505"/);
    expect(await stored(server.seed.programId)).toEqual(before);
  });

  it("offers the languages as a list, each named in itself, the default first", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    const page = await browser.get(path);
    for (const name of ["English", "Deutsch", "עברית", "қазақ тілі"])
      expect(page.html.toLowerCase()).toContain(name.toLowerCase());
    expect(page.html).toMatch(/<select[^>]*name="locales.default"/);
    const version = (await stored(server.seed.programId))?.version ?? 0;
    const saved = await browser.submit(path, path, {
      ...LOTTERY_EDITOR_FORM,
      locales: ["en", "de"],
      "locales.default": "de",
      "earning.amount": "500",
      "earning.currency": "JPY",
      _version: String(version),
    });
    expect(saved.status).toBe(303);
    const program = await stored(server.seed.programId);
    expect(program?.locales).toEqual(["de", "en"]);
    // A currency without minor units: 500 yen is 500, not 5.00.
    expect(program?.earning).toEqual({ kind: "by-amount", unitAmount: 500, currency: "JPY" });
    expect((await browser.get("/admin/programs")).html).toContain("1 stamp per ¥500");
  });

  it("redraws the pass front from the form as it is, saving nothing; the editor's policy lets only its own script run", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}`;
    const editor = await fetch(`${server.url}${path}`, {
      headers: { cookie: `stamp_session=${browser.cookie("stamp_session")}` },
    });
    const policy = editor.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    const html = await editor.text();
    const script = /<script src="(\/assets\/program-preview-[0-9a-f]{12}\.js)" defer/.exec(
      html,
    )?.[1];
    expect(script).toBeDefined();
    const served = await fetch(`${server.url}${script}`);
    expect(served.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await served.text()).toContain("data-preview-url");
    expect(html).toContain('data-preview-url="/admin/programs/preview"');

    const before = await stored(server.seed.programId);
    const drawn = await browser.submit(path, "/admin/programs/preview", {
      ...LOTTERY_EDITOR_FORM,
      name: "Tea & cake club",
      "design.background": "#123456",
    });
    expect(drawn.status).toBe(200);
    expect(drawn.html).toMatch(/^<svg /);
    expect(drawn.html).toContain("Tea &#38; cake club");
    expect(drawn.html).toContain('fill="#123456"');
    const unreadable = await browser.submit(path, "/admin/programs/preview", {
      ...LOTTERY_EDITOR_FORM,
      goal: "many",
    });
    expect(unreadable.status).toBe(422);
    const forged = await browser.post("/admin/programs/preview", LOTTERY_EDITOR_FORM);
    expect(forged.status).toBe(403);
    expect(await stored(server.seed.programId)).toEqual(before);
  });
});
