import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { apiKey, call, TestDevice } from "../../test/fixtures";
import { SmtpInbox } from "../../test/smtp-inbox";
import { DATABASES, startTestServer, type TestServer } from "../../test/test-server";

const csrfOf = (html: string) => {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no csrf field on the page");
  return token;
};

describe.each(DATABASES)("card restore on a new phone (%s)", (database) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let key: string;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServer({ database, smtpUrl: inbox.url });
    key = await apiKey(server, server.seed);
  });
  afterAll(async () => {
    await server.close();
    await inbox.close();
  });

  it("mails a one-time link that opens the same card, and answers everyone the same", async () => {
    const joined = await call(server, "POST", "/api/v1/cards", {
      token: key,
      body: { programId: server.seed.programId, profile: { email: "Mia@Example.com" } },
    });
    const cardId = joined.json.cardId as string;
    const till = await TestDevice.pair(server);
    await till.sync([till.stamp(cardId), till.stamp(cardId)]);

    const phone = new AdminBrowser(server);
    const restore = `/join/${server.seed.programSlug}/restore`;
    const join = await phone.get(`/join/${server.seed.programSlug}`);
    expect(join.html).toContain(`href="${restore}?lang=en"`);
    const form = await phone.get(restore);
    expect(form.status).toBe(200);
    const ask = (contact: string) => phone.post(restore, { csrf: csrfOf(form.html), contact });

    const unknown = await ask("nobody@example.com");
    const known = await ask("mia@example.com");
    expect(known.status).toBe(200);
    expect(known.html).toBe(unknown.html);
    expect(known.html).toContain("Check your e-mail");
    expect((await ask("not an address")).status).toBe(422);

    await inbox.until(1);
    const [mail] = inbox.mails;
    expect(mail).toMatchObject({
      to: "mia@example.com",
      from: "stamp@test.example",
      subject: "Your stamp card at Demo Coffee",
    });
    const link = /https?:\/\/\S+\/restore\/[A-Za-z0-9_-]{43}\?lang=en/.exec(mail?.text ?? "")?.[0];
    if (!link) throw new Error(`no link in ${mail?.text}`);
    const path = new URL(link).pathname + new URL(link).search;

    // Fetching the link (a mail scanner would) does not use it up.
    await new AdminBrowser(server).get(path);
    const open = await phone.get(path);
    expect(open.html).toContain("Open my card");
    const opened = await phone.post(path, { csrf: csrfOf(open.html) });
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(`/c/${cardId}?lang=en`);
    const card = await phone.get(opened.location ?? "");
    expect(card.status).toBe(200);

    const again = await phone.post(path, { csrf: csrfOf(open.html) });
    expect(again.status).toBe(410);
    expect(again.html).toContain("This link no longer works");
    expect(inbox.mails).toHaveLength(1);
  });
});
