import { raw } from "hono/html";
import { LOCALES } from "../i18n/locales";
import type { Translator } from "../i18n/translate";
import type { LocalCa } from "../tls/local-ca";
import { CustomerDocument } from "../wallet/pages/customer-document";
import { PlatformDrawing } from "./platform-drawing";
import { GUIDES, PLATFORMS, type Platform } from "./platforms";

const NEUTRAL = { background: "#1d1b19", foreground: "#ffffff", accent: "#e8590c" } as const;

export interface SetupLink {
  readonly url: string;
  /** qrcode's SVG markup of the URL. */
  readonly qrSvg: string;
}

export interface SetupPageProps {
  readonly m: Translator;
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
      title={m.t("setup.title")}
      colors={NEUTRAL}
      path={props.path}
      locales={LOCALES}
    >
      <div class="setup">
        <h1>{m.t("setup.title")}</h1>
        <p>{ca ? m.t("setup.intro") : m.t("setup.public.intro")}</p>
        {ca ? (
          <section aria-labelledby="download">
            <h2 id="download">{m.t("setup.download.title")}</h2>
            <p class="setup-buttons">
              <a class="button" href="/setup/local-ca.crt" download="stamp-local-ca.crt">
                {m.t("setup.download.crt")}
              </a>
              <a class="button button--quiet" href={`/setup/stamp.mobileconfig${lang}`}>
                {m.t("setup.download.profile")}
              </a>
            </p>
            <p class="small">{m.t("setup.download.fingerprint")}</p>
            <dl class="setup-fingerprints small">
              <dt>{m.t("setup.download.name")}</dt>
              <dd>{ca.name}</dd>
              <dt>{m.t("setup.download.sha256")}</dt>
              <dd>
                <code dir="ltr">{ca.fingerprint}</code>
              </dd>
              <dt>{m.t("setup.download.sha1")}</dt>
              <dd>
                <code dir="ltr">{ca.fingerprintSha1}</code>
              </dd>
            </dl>
          </section>
        ) : null}
        {ca ? (
          <section aria-labelledby="platforms">
            <h2 id="platforms">{m.t("setup.platforms.title")}</h2>
            <p>{m.t("setup.platforms.pick")}</p>
            {PLATFORMS.map((platform) => {
              const guide = GUIDES[platform];
              const params = {
                profile: m.t("setup.download.profile"),
                crt: m.t("setup.download.crt"),
                downloaded: m.t("setup.ipados.ui.downloaded"),
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
          <h2 id="open">{ca ? m.t("setup.open.title") : m.t("setup.open.kiosk")}</h2>
          <div class="setup-links">
            {props.kiosk ? <LinkCard title={m.t("setup.open.kiosk")} link={props.kiosk} /> : null}
            {props.admin ? <LinkCard title={m.t("setup.open.admin")} link={props.admin} /> : null}
          </div>
          <p>{m.t("setup.open.scan")}</p>
          <p>{m.t("setup.open.install")}</p>
          {ca ? <p class="muted">{m.t("setup.open.check")}</p> : null}
        </section>
        {ca && props.secureHosts.length > 0 ? (
          <section aria-labelledby="names">
            <h2 id="names">{m.t("setup.names.title")}</h2>
            <p class="small">{m.t("setup.names.body")}</p>
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
            <h2 id="customers">{m.t("setup.customers.title")}</h2>
            <p class="small">{m.t("setup.customers.body")}</p>
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
