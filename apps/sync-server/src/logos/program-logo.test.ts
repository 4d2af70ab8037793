import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { openVerifiedPass } from "@stamp/pass-builder/testing";
import { decodeJwt } from "jose";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { anotherMerchant, apiKey, call } from "../../test/fixtures";
import { discPng, pngSize, SVG_LOGO } from "../../test/logo-fixtures";
import {
  DATABASES,
  roomyRateLimits,
  startTestServer,
  type TestServer,
} from "../../test/test-server";
import { createAdmin } from "../admin/create-admin";
import { TokenBuckets } from "../http/token-bucket";

let server: TestServer;
let key: string;
let base: string;

const putLogo = (bytes: Uint8Array, token = key, type = "image/png") =>
  fetch(`${server.url}/api/v1/programs/${server.seed.programId}/logo`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": type },
    body: bytes,
  });

async function logoState() {
  const reply = await call(server, "GET", `/api/v1/programs/${server.seed.programId}/logo`, {
    token: key,
  });
  expect(reply.status).toBe(200);
  return reply.json as {
    version: number;
    logo: { hash: string; squareUrl: string; wideUrl: string } | null;
  };
}

async function enrolled(): Promise<{ cardId: string; links: Record<string, string> }> {
  const reply = await call(server, "POST", "/api/v1/cards", {
    token: key,
    body: { programId: server.seed.programId },
  });
  expect(reply.status).toBe(201);
  return reply.json;
}

const local = (url: string) => `${server.url}${new URL(url).pathname}`;

describe.each(DATABASES)("program logos (%s)", (database) => {
  beforeAll(async () => {
    server = await startTestServer({ database, publicUrl: "https://stamp.example" });
    key = await apiKey(server, server.seed);
    base = server.services.publicUrl;
  });
  afterAll(() => server.close());

  it("puts an uploaded PNG on the Apple pass, the Google class, the join page and the web card", async () => {
    const card = await enrolled();
    const before = await server.services.wallet.store.getPass(card.cardId);
    const { version: from } = await logoState();

    const reply = await putLogo(await discPng(800, 400));
    expect(reply.status).toBe(200);
    const answer = (await reply.json()) as Awaited<ReturnType<typeof logoState>> & {
      changed: boolean;
    };
    expect(answer).toMatchObject({ changed: true, version: from + 1 });
    expect(answer.logo?.squareUrl).toBe(
      `${base}/passes/logos/${server.seed.programId}-${from + 1}.png`,
    );
    // The program-change path: every pass of the program has a new version to fetch.
    const after = await server.services.wallet.store.getPass(card.cardId);
    expect(after?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);

    const pkpass = await fetch(local(card.links.applePass as string));
    expect(pkpass.status).toBe(200);
    const opened = await openVerifiedPass(
      Buffer.from(await pkpass.arrayBuffer()),
      join(server.dataDir, "certs", "dev-ca.pem"),
    );
    const sizes = Object.fromEntries(
      await Promise.all(
        ["logo.png", "logo@2x.png", "logo@3x.png", "icon.png", "icon@2x.png", "icon@3x.png"].map(
          async (name) => {
            const file = opened.files.get(name);
            if (!file) throw new Error(`${name} missing from the pass`);
            const { width, height } = await pngSize(file);
            return [name, `${width}x${height}`];
          },
        ),
      ),
    );
    expect(sizes).toEqual({
      "logo.png": "100x50",
      "logo@2x.png": "200x100",
      "logo@3x.png": "300x150",
      "icon.png": "29x29",
      "icon@2x.png": "58x58",
      "icon@3x.png": "87x87",
    });

    const save = await fetch(local(card.links.googleSave as string), { redirect: "manual" });
    const jwt = (save.headers.get("location") ?? "").slice(
      "https://pay.google.com/gp/v/save/".length,
    );
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the JWT payload by field
    const payload = decodeJwt(jwt).payload as any;
    expect(payload.loyaltyClasses[0].programLogo.sourceUri.uri).toBe(answer.logo?.squareUrl);
    const square = await fetch(local(answer.logo?.squareUrl as string));
    expect(square.status).toBe(200);
    expect(square.headers.get("content-type")).toBe("image/png");
    expect(square.headers.get("cache-control")).toBe("public, max-age=86400");
    const etag = square.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}-square"$/);
    expect(await pngSize(new Uint8Array(await square.arrayBuffer()))).toEqual({
      width: 660,
      height: 660,
      hasAlpha: true,
    });
    const again = await fetch(local(answer.logo?.squareUrl as string), {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    const wide = await fetch(local(answer.logo?.wideUrl as string));
    expect(await pngSize(new Uint8Array(await wide.arrayBuffer()))).toMatchObject({
      width: 300,
      height: 150,
    });

    const wideImg = `<img class="card__logo" src="/passes/logos/${server.seed.programId}-${from + 1}-wide.png" alt=""/>`;
    const joinPage = await fetch(`${server.url}/join/${server.seed.programSlug}`);
    expect(await joinPage.text()).toContain(wideImg);
    const webCard = await fetch(local(card.links.card as string));
    expect(await webCard.text()).toContain(wideImg);
  });

  it("refuses bad files in words and leaves the logo as it was", async () => {
    expect((await putLogo(await discPng(900, 300))).status).toBe(200);
    const before = await logoState();
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 800, height: 400, channels: 3, background: "#fff" } })
        .jpeg()
        .toBuffer(),
    );
    const cases: [Uint8Array, number, string, RegExp][] = [
      [jpeg, 415, "logo-wrong-type", /JPEG picture/],
      [await discPng(120, 120), 422, "logo-too-small", /120 × 120 pixels/],
      [
        new TextEncoder().encode(
          '<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/hostname" width="9" height="9"/></svg>',
        ),
        422,
        "logo-unsafe-svg",
        /outside the file \(\/etc\/hostname\)/,
      ],
      [new Uint8Array(3 * 1024 * 1024), 413, "logo-too-large", /at most 2\.0 MB/],
      [new Uint8Array(), 400, "logo-missing", /Choose a PNG or SVG/],
    ];
    for (const [bytes, status, code, message] of cases) {
      const reply = await putLogo(bytes, key, "image/png");
      expect(reply.status, code).toBe(status);
      const body = (await reply.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    }
    expect(await logoState()).toEqual(before);
    // Beyond what any logo needs, the body is not even read.
    expect((await putLogo(new Uint8Array(9 * 1024 * 1024))).status).toBe(413);
    expect(await logoState()).toEqual(before);
  });

  it("takes the same file twice as one change, and a removal back to today's look", async () => {
    const svg = new TextEncoder().encode(SVG_LOGO);
    const first = (await (await putLogo(svg, key, "image/svg+xml")).json()) as {
      version: number;
      changed: boolean;
    };
    expect(first.changed).toBe(true);
    const second = (await (await putLogo(svg, key, "image/svg+xml")).json()) as {
      version: number;
      changed: boolean;
    };
    expect(second).toMatchObject({ changed: false, version: first.version });
    const removed = await call(server, "DELETE", `/api/v1/programs/${server.seed.programId}/logo`, {
      token: key,
    });
    expect(removed.json).toMatchObject({ changed: true, version: first.version + 1, logo: null });
    const joinPage = await (await fetch(`${server.url}/join/${server.seed.programSlug}`)).text();
    expect(joinPage).not.toContain("card__logo");
    const state = await logoState();
    const wide = await fetch(
      `${server.url}/passes/logos/${server.seed.programId}-${state.version}-wide.png`,
    );
    expect(wide.status).toBe(404);
    // The square Google fetches falls back to the stamp icon on the programme's colours.
    const square = await fetch(
      `${server.url}/passes/logos/${server.seed.programId}-${state.version}.png`,
    );
    expect(square.status).toBe(200);
  });

  it("keeps each merchant to its own programs", async () => {
    const other = await anotherMerchant(server, `Other ${randomUUID()}`);
    const otherKey = await apiKey(server, other);
    const before = await logoState();
    const reply = await putLogo(await discPng(800, 400), otherKey);
    expect(reply.status).toBe(404);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe(
      "program-not-found",
    );
    expect(await logoState()).toEqual(before);
  });

  it("uploads through the admin page: CSRF, refusals on the page, preview, removal", async () => {
    const browser = await AdminBrowser.signedIn(server);
    const path = `/admin/programs/${server.seed.programId}/logo`;
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const csrf = AdminBrowser.csrf(page.html);
    const editor = await browser.get(`/admin/programs/${server.seed.programId}`);
    expect(editor.html).toContain(`href="${path}"`);

    const file = (bytes: Uint8Array, name = "logo.png", type = "image/png") => ({
      field: "logo",
      name,
      type,
      bytes,
    });
    const forged = await browser.upload(path, {}, file(await discPng(800, 400)));
    expect(forged.status).toBe(403);

    const before = await logoState();
    // A JPEG renamed .png is known by its content.
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 800, height: 400, channels: 3, background: "#fff" } })
        .jpeg()
        .toBuffer(),
    );
    const refused = await browser.upload(path, { _csrf: csrf }, file(jpeg));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("The logo was not changed:");
    expect(refused.html).toContain("This file is a JPEG picture.");
    expect(await logoState()).toEqual(before);

    const saved = await browser.upload(
      path,
      { _csrf: csrf },
      file(new TextEncoder().encode(SVG_LOGO), "logo.svg", "image/svg+xml"),
    );
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${path}?done=saved`);
    const shown = await browser.get(saved.location as string);
    expect(shown.html).toContain("Logo saved.");
    expect(shown.html).toContain("data:image/png;base64,");
    expect(shown.html).not.toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">',
    );
    expect((await logoState()).logo?.hash).not.toBe(before.logo?.hash);

    // The printable posters carry it too, embedded (their policy loads nothing from outside).
    const poster = await browser.get(
      `/admin/programs/${server.seed.programId}/poster.svg?layout=a6`,
    );
    expect(poster.html.match(/<image [^>]*href="data:image\/png;base64,/g)).toHaveLength(2);
    const posterPng = await fetch(
      `${server.url}/admin/programs/${server.seed.programId}/poster.png?layout=a4`,
      { headers: { cookie: `stamp_session=${browser.cookie("stamp_session")}` } },
    );
    expect(posterPng.status).toBe(200);

    const removed = await browser.post(`${path}/remove`, { _csrf: csrf });
    expect(removed.location).toBe(`${path}?done=removed`);
    expect((await logoState()).logo).toBeNull();
  });

  it("is not for staff accounts: they are sent away and their uploads refused", async () => {
    const email = `staff-${randomUUID()}@example.com`;
    const made = await createAdmin(server.services, {
      email,
      password: "a long staff password",
      merchantId: server.seed.merchantId,
    });
    if (!made.ok) throw new Error(made.reason);
    expect(
      await server.services.store.setAdminRole(server.seed.merchantId, made.userId, "staff"),
    ).toBe("changed");
    const staff = await AdminBrowser.signedIn(server, email, "a long staff password");
    const path = `/admin/programs/${server.seed.programId}/logo`;
    expect((await staff.get(path)).location).toBe("/admin/account?notice=not-allowed");
    const account = await staff.get("/admin/account");
    const before = await logoState();
    const upload = await staff.upload(
      path,
      { _csrf: AdminBrowser.csrf(account.html) },
      { field: "logo", name: "logo.png", type: "image/png", bytes: await discPng(800, 400) },
    );
    expect(upload.status).toBe(403);
    expect(await logoState()).toEqual(before);
  });
});

describe("logo uploads are limited per merchant", () => {
  let limited: TestServer;
  beforeAll(async () => {
    // Two uploads, then one per 1,000 s: the third in a row is refused before anything is drawn.
    limited = await startTestServer({
      limits: { ...roomyRateLimits(), logoUploads: new TokenBuckets(2, 0.001) },
    });
  });
  afterAll(() => limited.close());

  it("answers 429 with Retry-After once the merchant's uploads run out, and keeps the logo it has", async () => {
    const token = await apiKey(limited, limited.seed);
    const put = async () =>
      fetch(`${limited.url}/api/v1/programs/${limited.seed.programId}/logo`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
        body: await discPng(800, 400),
      });
    expect((await put()).status).toBe(200);
    expect((await put()).status).toBe(200);
    const refused = await put();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate-limited");
    const state = await call(limited, "GET", `/api/v1/programs/${limited.seed.programId}/logo`, {
      token,
    });
    expect((state.json as { logo: unknown }).logo).not.toBeNull();
  });
});
