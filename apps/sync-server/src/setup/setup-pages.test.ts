import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { connect } from "node:tls";
import { parse } from "plist";
import { afterAll, describe, expect, it } from "vitest";
import { AdminBrowser } from "../../test/admin-browser";
import { startTestServer } from "../../test/test-server";

const facts = { hostname: "shop-pc", addresses: ["192.168.1.20"] };
const server = await startTestServer({ hostFacts: () => facts });
afterAll(() => server.close());
const lanPort = server.lan?.port ?? 0;

/** A plain-HTTP GET as a tablet on the Wi-Fi sends it: to the server, naming the host it typed. */
function get(path: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${server.url}${path}`, { headers: { ...headers, host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

/** The certificate the HTTPS listener presents for `servername`, checked against local-ca.pem. */
function handshake(servername: string) {
  const ca = readFileSync(join(server.dataDir, "certs", "local-ca.pem"), "utf8");
  return new Promise<{ authorized: boolean; cert: X509Certificate }>((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: lanPort, servername, ca }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (!cert) reject(new Error("no certificate"));
      else resolve({ authorized: socket.authorized, cert });
    });
    socket.on("error", reject);
  });
}

describe("HTTPS on the shop's network", () => {
  it("serves the app over HTTPS with a certificate the local CA vouches for", async () => {
    for (const name of ["shop-pc.local", "shop-pc", "localhost"]) {
      const { authorized, cert } = await handshake(name);
      expect(authorized).toBe(true);
      expect(cert.checkHost(name)).toBe(name);
    }
    expect((await handshake("localhost")).cert.checkIP("192.168.1.20")).toBe("192.168.1.20");
  });

  it("links to its HTTPS origin: the pairing QR, start-up and every printed link", () => {
    expect(server.services.publicUrl).toMatch(/^https:\/\//);
    expect(server.services.publicUrl).toMatch(new RegExp(`:${lanPort}$`));
  });
});

describe("/setup", () => {
  it("works over plain HTTP and sends the tablet to HTTPS at the host it typed", async () => {
    const page = await get("/setup", `shop-pc.local:${server.port}`, {
      "user-agent": "Mozilla/5.0 (Linux; Android 14; SM-X200) Chrome/130.0 Safari/537.36",
    });
    expect(page.status).toBe(200);
    const html = page.body.toString();
    const ca = server.lan?.ca;
    expect(ca).toBeTruthy();
    expect(html).toContain(ca?.fingerprint);
    expect(html).toContain(ca?.fingerprintSha1);
    expect(html).toContain(`https://shop-pc.local:${lanPort}/app/`);
    expect(html).toContain(`https://shop-pc.local:${lanPort}/admin`);
    expect(html).toContain(`https://192.168.1.20:${lanPort}/app/`);
    for (const platform of ["ipados", "android", "windows", "macos", "chromeos"])
      expect(html).toContain(`id="${platform}"`);
    // The Android guide is opened for an Android tablet; the others stay folded.
    expect(html).toMatch(/<details class="setup-platform" id="android" open/);
    expect(html).not.toMatch(/id="windows" open/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(7);
  });

  it("speaks the owner's language, right to left in Hebrew", async () => {
    const page = await get("/setup", `192.168.1.20:${server.port}`, { "accept-language": "he" });
    const html = page.body.toString();
    expect(html).toMatch(/<html lang="he" dir="rtl"/);
    expect(html).toContain("הגדרות אמון באישורים");
    expect(html).toContain(`https://192.168.1.20:${lanPort}/app/`);
    const german = (await get("/setup?lang=de", "shop-pc:1")).body.toString();
    expect(german).toContain("Zertifikatsvertrauenseinstellungen");
  });

  it("hands out the CA certificate and an Apple profile holding it", async () => {
    const pem = readFileSync(join(server.dataDir, "certs", "local-ca.pem"), "utf8");
    const crt = await get("/setup/local-ca.crt", "shop-pc.local");
    expect(crt.headers["content-type"]).toBe("application/x-x509-ca-cert");
    const certificate = new X509Certificate(crt.body);
    expect(certificate.ca).toBe(true);
    expect(certificate.fingerprint256).toBe(new X509Certificate(pem).fingerprint256);

    const profile = await get("/setup/stamp.mobileconfig", "shop-pc.local");
    expect(profile.headers["content-type"]).toBe("application/x-apple-aspen-config");
    const parsed = parse(profile.body.toString()) as {
      PayloadType: string;
      PayloadUUID: string;
      PayloadContent: { PayloadType: string; PayloadContent: Buffer }[];
    };
    expect(parsed.PayloadType).toBe("Configuration");
    expect(parsed.PayloadContent[0]?.PayloadType).toBe("com.apple.security.root");
    expect(Buffer.from(parsed.PayloadContent[0]?.PayloadContent ?? []).equals(crt.body)).toBe(true);
    // Installing it again replaces the profile rather than adding a second one.
    const again = parse((await get("/setup/stamp.mobileconfig", "x")).body.toString());
    expect((again as { PayloadUUID: string }).PayloadUUID).toBe(parsed.PayloadUUID);
  });

  it("tells the kiosk's insecure-context screen where to go, with a QR image", async () => {
    const answer = await get("/setup/addresses.json", `shop-pc.local:${server.port}`);
    expect(JSON.parse(answer.body.toString())).toEqual({
      kiosk: `https://shop-pc.local:${lanPort}/app/`,
      admin: `https://shop-pc.local:${lanPort}/admin`,
      setup: `http://shop-pc.local:${server.port}/setup`,
    });
    // A host the certificate does not name gets the server's own HTTPS address.
    const other = await get("/setup/addresses.json", "tills.example:80");
    expect(JSON.parse(other.body.toString()).kiosk).toBe(`${server.services.publicUrl}/app/`);
    const qr = await get("/setup/qr/kiosk.svg", "shop-pc.local");
    expect(qr.headers["content-type"]).toBe("image/svg+xml");
    expect(qr.body.toString()).toMatch(/^<svg/);
  });

  it("is linked from the admin dashboard", async () => {
    const browser = new AdminBrowser(server);
    await browser.login(server.seed.adminEmail, server.seed.adminPassword);
    expect((await browser.get("/admin")).html).toContain('href="/setup"');
  });
});
