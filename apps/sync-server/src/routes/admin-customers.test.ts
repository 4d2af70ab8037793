import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, TestDevice } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const rows = (html: string) => (html.match(/data-testid="card-row"/g) ?? []).length;
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe.each(DATABASES)("the admin customer page (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let key: string;
  let owner: AdminBrowser;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({ database, smtpUrl: inbox.url });
    key = await apiKey(server, server.seed);
    owner = await AdminBrowser.signedIn(server);
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  const join = async (profile?: Record<string, string>) => {
    const joined = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: server.seed.programId, ...(profile ? { profile } : {}) },
    });
    expect(joined.status).toBe(201);
    return joined.json.cardId as string;
  };
  const revokes = async (cardId: string) =>
    (await server.services.store.cardHistory(server.seed.merchantId, cardId)).filter(
      (l) => l.event.type === "stamps.revoked",
    );

  it("finds customers by name, e-mail or phone, a page at a time", async () => {
    const mia = await join({
      name: "Mia Kovač",
      email: "mia@example.com",
      phone: "+49 170 1234567",
    });
    for (const q of ["MIA", "Mia@Example.COM", "1234567"]) {
      const found = await owner.get(`/admin/cards?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      expect(found.html).toContain(`href="/admin/cards/${mia}"`);
      expect(found.html).toContain("mia@example.com");
    }
    const regulars = new Set<string>();
    for (let i = 0; i < 27; i++) regulars.add(await join({ name: `Regular ${i}` }));
    const first = await owner.get("/admin/cards?q=regular");
    expect(rows(first.html)).toBe(25);
    const next = /href="([^"]+)" data-testid="next-page"/
      .exec(first.html)?.[1]
      ?.replaceAll("&amp;", "&");
    if (!next) throw new Error("no next page");
    const second = await owner.get(next);
    expect(rows(second.html)).toBe(2);
    expect(second.html).not.toContain('data-testid="next-page"');
    const listed = [
      ...`${first.html}${second.html}`.matchAll(/href="\/admin\/cards\/([0-9a-f-]{36})"/g),
    ];
    expect(new Set(listed.map((m) => m[1]))).toEqual(regulars);
    const none = await owner.get("/admin/cards?q=nobody-at-all");
    expect(none.status).toBe(404);
    expect(none.html).toContain("No customer or card of yours matches “nobody-at-all”.");
  });

  it("shows profile, progress, pass and each event's channel, location and device", async () => {
    const cardId = await join({ name: "Ada", email: "ada@example.com" });
    const till = await TestDevice.pair(server, server.seed, "staff");
    expect((await till.sync([till.stamp(cardId, 2)])).status).toBe(200);
    const [location] = await server.services.store.listLocations(server.seed.merchantId);
    const page = await owner.get(`/admin/cards/${cardId}`);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/data-testid="profile"[\s\S]*<bdi>Ada<\/bdi>[\s\S]*ada@example.com/);
    expect(page.html).toContain("2 of 10");
    expect(page.html).toMatch(/data-testid="pass-status"[\s\S]*Not added[\s\S]*Not saved/);
    const row = page.html.split('data-testid="history-row"').find((r) => r.includes("2 stamps"));
    expect(row).toContain("Staff scanner");
    expect(row).toContain(location?.name ?? "?");
    expect(row).toContain(">Till<");
  });

  it("undoes a stamp once, with a reason, only once confirmed, however often the form is sent", async () => {
    const cardId = await join();
    const till = await TestDevice.pair(server, server.seed, "staff");
    const stamp = till.stamp(cardId, 3);
    await till.sync([stamp]);
    const path = `/admin/cards/${cardId}`;
    const undo = `${path}/stamps/${stamp.id}/undo`;
    const asked = await owner.submit(path, undo, {});
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Undo 3 stamps?");
    expect(asked.html).toMatch(/<input id="f-reason" name="reason"/);
    const csrf = AdminBrowser.csrf(asked.html);
    const blank = await owner.post(undo, { confirmed: "yes", reason: "", _csrf: csrf });
    expect(blank.status).toBe(422);
    expect(await revokes(cardId)).toHaveLength(0);

    // A double click: two submits at once, then a reload of the confirmation.
    const sent = { confirmed: "yes", reason: "Stamped the wrong card", _csrf: csrf };
    const answers = await Promise.all([owner.post(undo, sent), owner.post(undo, sent)]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect((await owner.post(undo, sent)).location).toBe(`${path}?notice=undone`);
    const done = await revokes(cardId);
    expect(done).toHaveLength(1);
    expect(done[0]?.event).toMatchObject({ targetId: stamp.id, reason: "Stamped the wrong card" });
    const card = await call(server, "GET", `/api/v1/cards/${cardId}`, { token: key });
    expect(card.json.stamps).toBe(0);
    const page = await owner.get(`${path}?notice=undone`);
    expect(page.html).toContain("The stamps were undone.");
    expect(page.html).toContain("Stamped the wrong card");
    expect(page.html).not.toContain(`/stamps/${stamp.id}/undo"`);
  });

  it("mails the customer a restore link that opens the same card", async () => {
    const cardId = await join({ email: "noor@example.com" });
    const path = `/admin/cards/${cardId}`;
    const sent = await owner.submit(path, `${path}/restore-link`, {});
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${path}?notice=restore-sent`);
    const mail = await inbox
      .until(1)
      .then(() => inbox.mails.findLast((m) => m.to === "noor@example.com"));
    const link = /https?:\/\/\S+\/restore\/[A-Za-z0-9_-]{43}\?lang=en/.exec(mail?.text ?? "")?.[0];
    if (!link) throw new Error(`no link in ${mail?.text}`);
    const phone = new AdminBrowser(server);
    const target = new URL(link).pathname + new URL(link).search;
    const open = await phone.get(target);
    const opened = await phone.post(target, { csrf: csrfOf(open.html) });
    expect(opened.location).toBe(`/c/${cardId}?lang=en`);

    // No e-mail, no link to send.
    const anonymous = await join();
    const page = await owner.get(`/admin/cards/${anonymous}`);
    expect(page.html).not.toContain('data-testid="send-restore"');
    const refused = await owner.post(`/admin/cards/${anonymous}/restore-link`, {
      _csrf: AdminBrowser.csrf(page.html),
    });
    expect(refused.status).toBe(404);
  });

  it("acts for the merchant's own managers only", async () => {
    const cardId = await join({ name: "Lea", email: "lea@example.com" });
    const till = await TestDevice.pair(server, server.seed, "staff");
    const stamp = till.stamp(cardId, 1);
    await till.sync([stamp]);
    const manager = await AdminBrowser.signedInAs(server, "manager");
    const page = await manager.get(`/admin/cards/${cardId}`);
    expect(page.status).toBe(200);
    const staff = await AdminBrowser.signedInAs(server, "staff");
    const own = await staff.get("/admin/account");
    const undo = `/admin/cards/${cardId}/stamps/${stamp.id}/undo`;
    const fields = { confirmed: "yes", reason: "Not allowed", _csrf: AdminBrowser.csrf(own.html) };
    expect((await staff.post(undo, fields)).status).toBe(403);
    expect(await revokes(cardId)).toHaveLength(0);
  });

  it("blocks a card once however often its confirmation is sent", async () => {
    const cardId = await join();
    const path = `/admin/cards/${cardId}`;
    const page = await owner.get(path);
    const token = /name="token" value="([^"]+)"/.exec(page.html)?.[1] ?? "";
    const asked = await owner.post(`${path}/block`, {
      reason: "Shared online",
      token,
      _csrf: AdminBrowser.csrf(page.html),
    });
    // The confirmation carries the card page's token on.
    expect(asked.html).toContain(`name="token" value="${token}"`);
    const yes = {
      reason: "Shared online",
      token,
      confirmed: "yes",
      _csrf: AdminBrowser.csrf(asked.html),
    };
    const answers = await Promise.all([
      owner.post(`${path}/block`, yes),
      owner.post(`${path}/block`, yes),
    ]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    const history = await server.services.store.cardHistory(server.seed.merchantId, cardId);
    expect(history.filter((l) => l.event.type === "card.blocked")).toHaveLength(1);
  });
});
