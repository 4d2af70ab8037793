import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const PASSWORD = "a long new password";

/** The one-time link in the newest mail to `to`, as a path. */
function linkIn(inbox: SmtpInbox, to: string, route: string): string {
  const mail = inbox.mails.findLast((m) => m.to === to);
  const match = new RegExp(`https?://[^\\s]+(/admin/${route}/[A-Za-z0-9_-]+)`).exec(
    mail?.text ?? "",
  );
  if (!match) throw new Error(`no ${route} link in the mail to ${to}`);
  return match[1] as string;
}

/** Opens a signed-out form (invitation, reset) and sends it with the page's CSRF token. */
async function fillIn(browser: AdminBrowser, path: string, fields: Record<string, string>) {
  const page = await browser.get(path);
  expect(page.status, page.html).toBe(200);
  return browser.post(path, { ...fields, _csrf: AdminBrowser.csrf(page.html) });
}

describe.each(DATABASES)("admin team: roles, invitations, password resets (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let owner: AdminBrowser;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({ database, smtpUrl: inbox.url });
    owner = await AdminBrowser.signedIn(server);
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  /** Invites `email` as `role` and accepts the mailed link in a browser of their own. */
  async function join(email: string, role: string) {
    const mailed = inbox.mails.length;
    const sent = await owner.submit("/admin/team", "/admin/team/invitations", { email, role });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain(`Invitation sent to ${email}`);
    await inbox.until(mailed + 1);
    const link = linkIn(inbox, email, "invitation");
    const browser = new AdminBrowser(server);
    const accepted = await fillIn(browser, link, { password: PASSWORD, confirm: PASSWORD });
    expect(accepted.status).toBe(303);
    return { browser, link, accepted };
  }

  it("a manager runs the programme but not the team, API keys or webhooks", async () => {
    const email = `manager-${randomUUID()}@example.org`;
    const { browser, link, accepted } = await join(email, "manager");
    expect(accepted.location).toBe("/admin");
    expect((await browser.get("/admin/programs")).status).toBe(200);
    for (const path of ["/admin/team", "/admin/api-keys", "/admin/webhooks"]) {
      const refused = await browser.get(path);
      expect(refused.status, path).toBe(303);
      expect(refused.location).toBe("/admin/account?notice=not-allowed");
    }
    const nav = (await browser.get("/admin")).html;
    expect(nav).not.toContain('href="/admin/team"');
    const account = await browser.get("/admin/account?notice=not-allowed");
    expect(account.html).toContain("Your role does not open that page");
    // A POST of an owner's form, with the manager's own CSRF token, is refused and changes nothing.
    const keys = await server.services.store.listApiKeys(server.seed.merchantId);
    const forged = await browser.post("/admin/api-keys", {
      name: "by a manager",
      _csrf: AdminBrowser.csrf(account.html),
    });
    expect(forged.status).toBe(403);
    expect(await server.services.store.listApiKeys(server.seed.merchantId)).toEqual(keys);

    // The link worked once.
    const again = await new AdminBrowser(server).get(link);
    expect(again.status).toBe(410);
  });

  it("staff open only their own account; a role change applies at once", async () => {
    const email = `staff-${randomUUID()}@example.org`;
    const { browser, accepted } = await join(email, "staff");
    expect(accepted.location).toBe("/admin/account?notice=welcome");
    expect((await browser.get("/admin")).location).toBe("/admin/account?notice=not-allowed");
    expect((await browser.get("/admin/cards")).location).toBe("/admin/account?notice=not-allowed");
    expect((await browser.get("/admin/account")).status).toBe(200);

    const member = (await server.services.store.listAdmins(server.seed.merchantId)).find(
      (a) => a.email === email,
    );
    const promoted = await owner.submit("/admin/team", `/admin/team/${member?.id}/role`, {
      role: "manager",
    });
    expect(promoted.location).toBe("/admin/team?notice=role");
    expect((await browser.get("/admin/cards")).status).toBe(200);

    const removed = await owner.submit(
      `/admin/team/${member?.id}/remove`,
      `/admin/team/${member?.id}/remove`,
      {},
    );
    expect(removed.location).toBe("/admin/team?notice=removed");
    expect((await browser.get("/admin/cards")).location).toBe("/admin/login");
  });

  it("keeps an owner: the last one cannot step down or leave", async () => {
    const owners = (await server.services.store.listAdmins(server.seed.merchantId)).filter(
      (a) => a.role === "owner",
    );
    expect(owners).toHaveLength(1);
    const self = owners[0]?.id;
    const refused = await owner.submit("/admin/team", `/admin/team/${self}/role`, {
      role: "staff",
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("The team needs at least one owner");
    const leave = await owner.submit("/admin/team", `/admin/team/${self}/remove`, {});
    expect(leave.status).toBe(409);
  });

  it("refuses an invitation to a member, and a bad address, in words", async () => {
    const member = await owner.submit("/admin/team", "/admin/team/invitations", {
      email: server.seed.adminEmail,
      role: "staff",
    });
    expect(member.status).toBe(409);
    expect(member.html).toContain("already has an account");
    const bad = await owner.submit("/admin/team", "/admin/team/invitations", {
      email: "not an address",
      role: "staff",
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Enter an e-mail address");
  });

  it("resets a forgotten password by a link used once, which signs out every other browser", async () => {
    const email = `forgetful-${randomUUID()}@example.org`;
    const { browser: elsewhere } = await join(email, "manager");
    const forgot = async (address: string) =>
      fillIn(new AdminBrowser(server), "/admin/forgot", { email: address });

    const before = inbox.mails.length;
    const unknown = await forgot(`nobody-${randomUUID()}@example.org`);
    const known = await forgot(email);
    // The same answer either way: nobody learns who has an account.
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(unknown.html.replace(/[\w.-]+@example\.org/g, "")).toBe(
      known.html.replace(/[\w.-]+@example\.org/g, ""),
    );
    await inbox.until(before + 1);
    const link = linkIn(inbox, email, "reset");
    expect(inbox.mails.slice(before).map((m) => m.to)).toEqual([email]);

    const browser = new AdminBrowser(server);
    const short = await fillIn(browser, link, { password: "short", confirm: "short" });
    expect(short.status).toBe(422);
    expect(short.html).toContain("Use at least 10 characters");
    const reset = await fillIn(browser, link, {
      password: "another password!",
      confirm: "another password!",
    });
    expect(reset.location).toBe("/admin/account?notice=password-set");
    expect((await browser.get("/admin/programs")).status).toBe(200);
    expect((await elsewhere.get("/admin/programs")).location).toBe("/admin/login");
    expect((await new AdminBrowser(server).get(link)).status).toBe(200); // the form shows…
    const reused = await fillIn(new AdminBrowser(server), link, {
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(reused.status).toBe(410); // …but the link is used
    expect((await new AdminBrowser(server).login(email, "another password!")).status).toBe(303);
  });
  it("writes to each person in their language: the invitation in the one picked for them, a reset in their account's", async () => {
    const email = `hebrew-${randomUUID()}@example.org`;
    const mailed = inbox.mails.length;
    const sent = await owner.submit("/admin/team", "/admin/team/invitations", {
      email,
      role: "manager",
      locale: "he",
    });
    expect(sent.status).toBe(200);
    await inbox.until(mailed + 1);
    const invitation = inbox.mails.findLast((m) => m.to === email);
    expect(invitation?.subject).toMatch(/^הוזמנתם אל .+ ב־Stamp$/);
    expect(invitation?.text).toContain("בתפקיד מנהל");
    const link = linkIn(inbox, email, "invitation");
    const browser = new AdminBrowser(server);
    expect((await browser.get(link)).html).toContain('<html lang="he" dir="rtl">');
    await fillIn(browser, link, { password: PASSWORD, confirm: PASSWORD });
    expect((await server.services.store.findAdminByEmail(email))?.locale).toBe("he");
    expect((await browser.get("/admin")).html).toContain('<html lang="he" dir="rtl">');

    // Asked for on a German page, the reset still speaks the account's Hebrew.
    const before = inbox.mails.length;
    const german = new AdminBrowser(server);
    const page = await german.get("/admin/forgot?lang=de");
    const asked = await german.post("/admin/forgot?lang=de", {
      email,
      _csrf: AdminBrowser.csrf(page.html),
    });
    expect(asked.html).toContain("ist ein Link unterwegs");
    await inbox.until(before + 1);
    expect(inbox.mails.findLast((m) => m.to === email)?.subject).toBe("בחירת סיסמה חדשה ל־Stamp");
  });
});

describe("admin team without e-mail set up", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({});
  });
  afterAll(() => server.close());

  it("shows the owner the invitation link to pass on", async () => {
    const owner = await AdminBrowser.signedIn(server);
    const sent = await owner.submit("/admin/team", "/admin/team/invitations", {
      email: "new@example.org",
      role: "staff",
    });
    expect(sent.html).toContain("E-mail is not set up on this server");
    expect(sent.html).toMatch(
      /<code class="secret">http[^<]+\/admin\/invitation\/[A-Za-z0-9_-]+<\/code>/,
    );
    const withdrawn = await owner.submit(
      "/admin/team",
      `/admin/team/invitations/${(await server.services.store.listInvitations(server.seed.merchantId, Date.now()))[0]?.tokenHash}/withdraw`,
      {},
    );
    expect(withdrawn.location).toBe("/admin/team?notice=withdrawn");
    expect(await server.services.store.listInvitations(server.seed.merchantId, Date.now())).toEqual(
      [],
    );
  });
});
