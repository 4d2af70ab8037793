import { raw } from "hono/html";
import type { LocalCa } from "../tls/local-ca";
import { WALLET_LOCALES } from "../wallet/messages/wallet-messages";
import { CustomerDocument } from "../wallet/pages/customer-document";
import type { SetupMessages } from "./messages/setup-messages";
import { PlatformDrawing } from "./platform-drawing";
import { GUIDES, PLATFORMS, type Platform } from "./platforms";

const NEUTRAL = { background: "#1d1b19", foreground: "#ffffff", accent: "#e8590c" } as const;

export interface SetupLink {
  readonly url: string;
  /** qrcode's SVG markup of the URL. */
  readonly qrSvg: string;
}

export interface SetupPageProps {
  readonly m: SetupMessages;
  readonly path: string;
  /** The local CA to trust; null on a public host (a real certificate, nothing to install). */
  readonly ca: LocalCa | null;
  /** HTTPS addresses the certificate names (what a device may open). */
  readonly secureHosts: readonly string[];
  readonly kiosk: SetupLink | null;
  readonly admin: SetupLink | null;
  /** Guides opened first (from the User-Agent). */
  readonly open: readonly Platform[];
}

/** `/setup`: everything a shop owner needs to get a tablet onto the server's HTTPS. */
export function SetupPage(props: SetupPageProps) {
  const { m, ca } = props;
  const lang = `?lang=${m.locale}`;
  return (
    <CustomerDocument
      m={m}
      title={m.t("title")}
      colors={NEUTRAL}
      path={props.path}
      locales={WALLET_LOCALES}
    >
      <div class="setup">
        <h1>{m.t("title")}</h1>
        <p>{ca ? m.t("intro") : m.t("public.intro")}</p>
        {ca ? (
          <section aria-labelledby="download">
            <h2 id="download">{m.t("download.title")}</h2>
            <p class="setup-buttons">
              <a class="button" href="/setup/local-ca.crt" download="stamp-local-ca.crt">
                {m.t("download.crt")}
              </a>
              <a class="button button--quiet" href={`/setup/stamp.mobileconfig${lang}`}>
                {m.t("download.profile")}
              </a>
            </p>
            <p class="small">{m.t("download.fingerprint")}</p>
            <dl class="setup-fingerprints small">
              <dt>{m.t("download.name")}</dt>
              <dd>{ca.name}</dd>
              <dt>{m.t("download.sha256")}</dt>
              <dd>
                <code dir="ltr">{ca.fingerprint}</code>
              </dd>
              <dt>{m.t("download.sha1")}</dt>
              <dd>
                <code dir="ltr">{ca.fingerprintSha1}</code>
              </dd>
            </dl>
          </section>
        ) : null}
        {ca ? (
          <section aria-labelledby="platforms">
            <h2 id="platforms">{m.t("platforms.title")}</h2>
            <p>{m.t("platforms.pick")}</p>
            {PLATFORMS.map((platform) => {
              const guide = GUIDES[platform];
              const params = {
                profile: m.t("download.profile"),
                crt: m.t("download.crt"),
                downloaded: m.t("ipados.ui.downloaded"),
                ca: ca.name,
              };
              return (
                <details class="setup-platform" id={platform} open={props.open.includes(platform)}>
                  <summary>{m.t(guide.name)}</summary>
                  <div class="setup-platform__body">
                    <ol>
                      {guide.steps.map((step) => (
                        <li>{m.t(step, params)}</li>
                      ))}
                    </ol>
                    <PlatformDrawing
                      m={m}
                      guide={guide}
                      caName={ca.name}
                      platformName={m.t(guide.name)}
                    />
                  </div>
                </details>
              );
            })}
          </section>
        ) : null}
        <section aria-labelledby="open">
          <h2 id="open">{ca ? m.t("open.title") : m.t("open.kiosk")}</h2>
          <div class="setup-links">
            {props.kiosk ? <LinkCard title={m.t("open.kiosk")} link={props.kiosk} /> : null}
            {props.admin ? <LinkCard title={m.t("open.admin")} link={props.admin} /> : null}
          </div>
          <p>{m.t("open.scan")}</p>
          <p>{m.t("open.install")}</p>
          {ca ? <p class="muted">{m.t("open.check")}</p> : null}
        </section>
        {ca && props.secureHosts.length > 0 ? (
          <section aria-labelledby="names">
            <h2 id="names">{m.t("names.title")}</h2>
            <p class="small">{m.t("names.body")}</p>
            <ul class="setup-names" dir="ltr">
              {props.secureHosts.map((host) => (
                <li>
                  <code>{host}</code>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {ca ? (
          <section aria-labelledby="customers">
            <h2 id="customers">{m.t("customers.title")}</h2>
            <p class="small">{m.t("customers.body")}</p>
          </section>
        ) : null}
      </div>
    </CustomerDocument>
  );
}

function LinkCard(props: { title: string; link: SetupLink }) {
  return (
    <figure class="setup-link">
      <div class="setup-link__qr">{raw(props.link.qrSvg)}</div>
      <figcaption>
        <strong>{props.title}</strong>
        <a href={props.link.url} dir="ltr">
          {props.link.url}
        </a>
      </figcaption>
    </figure>
  );
}
