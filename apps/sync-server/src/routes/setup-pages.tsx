import { type Context, Hono } from "hono";
import QRCode from "qrcode";
import { requestPeer } from "../http/peer";
import { chooseLocale, LOCALES } from "../i18n/locales";
import { translator } from "../i18n/translate";
import type { AppServices } from "../services";
import { appleProfile } from "../setup/apple-profile";
import { likelyPlatforms } from "../setup/platforms";
import { secureOrigin } from "../setup/secure-origin";
import { type SetupLink, SetupPage } from "../setup/setup-page";
import { urlHost } from "../tls/host-names";
import { sendCustomerPage } from "../wallet/pages/customer-document";

/** Names no other device can use: loopback, and IPv6 link-local (a URL cannot carry its zone). */
const shownToDevices = (name: string) =>
  !["localhost", "127.0.0.1", "::1"].includes(name) && !/^fe[89ab][0-9a-f]:/.test(name);

const qrSvg = (text: string) =>
  QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });

/**
 * `/setup`, reachable over plain HTTP too (a tablet that does not trust the certificate yet starts
 * here): the local CA as a download and an Apple profile, per-platform steps, the HTTPS kiosk and
 * admin addresses for the host the device used, with their QR codes. `addresses.json` and the QR
 * images serve the kiosk's insecure-context screen.
 */
export function setupRoutes(services: AppServices): Hono {
  const messagesFor = (c: Context) =>
    translator(chooseLocale(c.req.query("lang"), c.req.header("accept-language"), LOCALES));
  const addresses = (c: Context) => {
    const origin = secureOrigin(services, requestPeer(c).host);
    return origin ? { kiosk: `${origin}/app/`, admin: `${origin}/admin` } : null;
  };
  const link = async (url: string): Promise<SetupLink> => ({ url, qrSvg: await qrSvg(url) });
  const ca = () => services.lan?.ca ?? null;

  return new Hono()
    .get("/", async (c) => {
      const m = messagesFor(c);
      const found = addresses(c);
      const lan = services.lan;
      return sendCustomerPage(
        c,
        <SetupPage
          m={m}
          path={c.req.path}
          ca={ca()}
          secureHosts={
            lan
              ? lan
                  .names()
                  .filter(shownToDevices)
                  .map((name) => `https://${urlHost(name)}:${lan.port}/app/`)
              : []
          }
          kiosk={found ? await link(found.kiosk) : null}
          admin={found ? await link(found.admin) : null}
          open={likelyPlatforms(c.req.header("user-agent") ?? "")}
        />,
      );
    })
    .get("/local-ca.crt", (c) => {
      const local = ca();
      if (!local) return c.notFound();
      return c.body(new Uint8Array(local.der), 200, {
        "content-type": "application/x-x509-ca-cert",
        "content-disposition": 'attachment; filename="stamp-local-ca.crt"',
        "cache-control": "no-cache",
      });
    })
    .get("/stamp.mobileconfig", async (c) => {
      const local = ca();
      if (!local) return c.notFound();
      return c.body(await appleProfile(local, messagesFor(c).t("setup.profile.description")), 200, {
        "content-type": "application/x-apple-aspen-config",
        "content-disposition": 'attachment; filename="stamp-local-ca.mobileconfig"',
        "cache-control": "no-cache",
      });
    })
    .get("/addresses.json", (c) => {
      c.header("cache-control", "no-store");
      return c.json({ ...addresses(c), setup: `${new URL(c.req.url).origin}/setup` });
    })
    .get("/qr/:target{(kiosk|admin)\\.svg}", async (c) => {
      const found = addresses(c);
      if (!found) return c.notFound();
      const target = c.req.param("target") === "kiosk.svg" ? found.kiosk : found.admin;
      return c.body(await qrSvg(target), 200, {
        "content-type": "image/svg+xml",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
    });
}
