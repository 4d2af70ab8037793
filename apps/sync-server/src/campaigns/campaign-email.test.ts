import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, demoMerchant } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const PUBLIC_URL = "https://stamp.test";

describe.each(DATABASES)("campaign e-mail with one-click unsubscribe (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let key: string;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({
      database,
      smtpUrl: inbox.url,
      publicUrl: PUBLIC_URL,
      mailBounceAddress: "bounces@stamp.test",
    });
    key = await apiKey(server, demoMerchant(server));
    // Customer pages speak only the program's languages: the German join page needs German.
    const path = `/api/v1/programs/${server.seed.programId}`;
    const current = await call(server, "GET", path, { token: key });
    const saved = await call(server, "PUT", path, {
      token: key,
      body: { ...current.json, locales: ["en", "de"] },
    });
    expect(saved.status, saved.text).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  /** Joins on the join page with `fields` (the consent box ticked); the card id, or the page. */
  async function join(fields: Record<string, string>) {
    const page = await fetch(`${server.url}/join/demo-coffee?lang=de`);
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const reply = await fetch(`${server.url}/join/demo-coffee?lang=de`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrf, consent: "yes", ...fields }).toString(),
      redirect: "manual",
    });
    return {
      status: reply.status,
      html: await reply.text(),
      cardId: reply.headers.get("location")?.slice(3, 39),
    };
  }

  async function campaign(text: string) {
    const made = await call(server, "POST", "/api/v1/campaigns", {
      token: key,
      body: {
        programId: server.seed.programId,
        name: text,
        message: { en: text },
        audience: { kind: "everyone" },
        email: true,
      },
    });
    expect(made.status).toBe(201);
    expect(made.json.email).toBe(true);
    await server.services.campaigns.runOnce();
    await server.services.campaignMail.runOnce();
    return made.json.id as string;
  }

  it("mails only who opted in, with List-Unsubscribe one-click; the link's GET asks, its POST unsubscribes for good", async () => {
    const unticked = await join({ email: "news@example.org" });
    expect((await join({ news: "yes" })).html).toContain("Gib deine E-Mail-Adresse an");
    const noNews = await join({ email: "quiet@example.org" });
    const opted = await join({ email: "ada@example.org", name: "Ada", news: "yes" });
    expect([unticked.status, noNews.status, opted.status]).toEqual([303, 303, 303]);
    const card = await server.services.store.getCard(
      server.seed.merchantId,
      opted.cardId as string,
    );
    expect(card?.profile).toMatchObject({ email: "ada@example.org", locale: "de" });
    expect(card?.profile?.emailOptInAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const first = await campaign("Pumpkin latte is back! This week only.");
    await inbox.until(1);
    expect(inbox.mails.map((mail) => mail.to)).toEqual(["ada@example.org"]);
    const [mail] = inbox.mails;
    expect(mail?.subject).toBe("Demo Coffee: Pumpkin latte is back! This week only.");
    const header = (name: string) => mail?.headerLines.find((h) => h.key === name)?.line ?? "";
    const url = /<(https:\/\/stamp\.test\/u\/[^>]+)>/.exec(header("list-unsubscribe"))?.[1] ?? "";
    expect(url).not.toBe("");
    expect(header("list-unsubscribe-post")).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    // Plain text and HTML, in the language the customer joined in (the message falls back to en).
    expect(mail?.text).toContain("Pumpkin latte is back! This week only.");
    expect(mail?.text).toContain(`Keine E-Mails mehr von Demo Coffee: ${url}`);
    expect(mail?.html).toContain(`href="${url}"`);
    expect(mail?.html).toContain(`${PUBLIC_URL}/c/${opted.cardId}`);
    expect(mail?.html).toContain('lang="de"');

    const path = url.slice(PUBLIC_URL.length);
    // A phone set to German opens the link.
    const asked = await fetch(`${server.url}${path}`, { headers: { "accept-language": "de" } });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Keine E-Mails mehr von Demo Coffee?");
    // A GET (a link checker, a preview) unsubscribes nobody.
    expect(
      (await server.services.store.getCard(server.seed.merchantId, opted.cardId as string))?.profile
        ?.emailOptInAt,
    ).toBeDefined();
    const oneClick = () =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "de" },
        body: "List-Unsubscribe=One-Click",
      });
    for (const reply of [await oneClick(), await oneClick()]) {
      expect(reply.status).toBe(200);
      expect(await reply.text()).toContain("Du bist abgemeldet");
    }
    const after = await server.services.store.getCard(
      server.seed.merchantId,
      opted.cardId as string,
    );
    expect(after?.profile?.emailOptInAt).toBeUndefined();
    expect(after?.profile?.emailStoppedAt).toMatch(/^\d{4}-/);
    const forged = await fetch(`${server.url}/u/${opted.cardId}.${"A".repeat(43)}`, {
      method: "POST",
    });
    expect(forged.status).toBe(404);

    await campaign("Second news");
    await server.services.campaignMail.runOnce();
    expect(inbox.mails).toHaveLength(1);
    const report = await call(server, "GET", `/api/v1/campaigns/${first}`, { token: key });
    expect(report.json.report).toMatchObject({ recipients: 3, emailed: 1, emailFailed: 0 });
  });

  it("stops e-mail to an address whose bounce comes back late: a DSN to the e-mail's VERP return path", async () => {
    const joined = await join({ email: "gone@example.org", news: "yes" });
    const cardId = joined.cardId as string;
    const before = inbox.mails.length;
    await campaign("Autumn menu");
    await inbox.until(before + 1);
    const mail = inbox.mails.find((m) => m.to === "gone@example.org");
    // The envelope sender names the card (48 hex: its id and a MAC); the From stays the shop's.
    expect(mail?.from).toMatch(/^bounces\+[0-9a-f]{48}@stamp\.test$/);
    const returnPath = mail?.from ?? "";
    const dsn = (to: string, status: string, action = "failed") =>
      [
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
        `To: ${to}`,
        "Subject: Undelivered Mail Returned to Sender",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
        "",
        "--B",
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered.",
        "",
        "--B",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.org",
        "",
        "Final-Recipient: rfc822; gone@example.org",
        `Action: ${action}`,
        `Status: ${status}`,
        "",
        "--B--",
        "",
      ].join("\r\n");
    const post = async (body: string) => {
      const reply = await fetch(`${server.url}/mail/bounces`, {
        method: "POST",
        headers: { "content-type": "message/rfc822" },
        body,
      });
      expect(reply.status).toBe(202);
      return ((await reply.json()) as { stopped: boolean }).stopped;
    };
    const consented = async () =>
      (await server.services.store.getCard(server.seed.merchantId, cardId))?.profile
        ?.emailOptInAt !== undefined;
    // A delay notice, a forged tag, another domain: e-mail goes on.
    expect(await post(dsn(returnPath, "4.4.7", "delayed"))).toBe(false);
    expect(
      await post(dsn(returnPath.replace(/[0-9a-f]{16}@/, `${"0".repeat(16)}@`), "5.1.1")),
    ).toBe(false);
    expect(await post(dsn(returnPath.replace("stamp.test", "other.test"), "5.1.1"))).toBe(false);
    expect(await consented()).toBe(true);
    // The mailbox is gone for good (an MTA may send the address upper-cased): no more e-mail.
    expect(await post(dsn(returnPath.toUpperCase(), "5.1.1"))).toBe(true);
    expect(await post(dsn(returnPath, "5.1.1"))).toBe(true);
    expect(await consented()).toBe(false);
    const count = inbox.mails.length;
    await campaign("Winter menu");
    await server.services.campaignMail.runOnce();
    expect(inbox.mails.slice(count).map((m) => m.to)).not.toContain("gone@example.org");
  });
});
