import type { Program } from "@stamp/core";
import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";
import { MAX_LOGO_BYTES, MIN_LOGO_LONG_SIDE, MIN_LOGO_SHORT_SIDE } from "../../logos/logo-image";
import { type PassLogo, passFrontSvg } from "../../wallet/pages/program-wallet-panel";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Notice } from "./form-bits";

/** The uploaded logo's previews: the Apple pass, its icon and Google's circle. */
export interface LogoPreview {
  readonly pass: PassLogo;
  readonly icon: Uint8Array;
  /** The logo is too wide to be the icon: the drawn stamp icon stays. */
  readonly iconKept: boolean;
  readonly square: Uint8Array;
}

const dataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString("base64")}`;

/** Google's circle on the programme's background, as SVG (the admin policy allows no inline CSS). */
function googleCircleSvg(program: Program, square: Uint8Array, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${label}"><defs><clipPath id="google-circle"><circle cx="48" cy="48" r="40"/></clipPath></defs><rect width="96" height="96" rx="12" fill="${program.design.background}"/><circle cx="48" cy="48" r="40" fill="#ffffff"/><image x="8" y="8" width="80" height="80" clip-path="url(#google-circle)" href="${dataUrl(square)}"/></svg>`;
}

/** `/admin/programs/:id/logo`: the programme's logo as the wallets show it, upload and removal. */
export function LogoPage(props: {
  tr: Translator;
  admin: Admin;
  program: Program;
  preview: LogoPreview | null;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { tr, admin, program, preview } = props;
  const action = `/admin/programs/${program.id}/logo`;
  const title = tr.t("logo.title", { program: program.name });
  return (
    <AdminShell tr={tr} admin={admin} section="programs" title={title}>
      <PageHeader title={title} intro={tr.t("logo.intro")}>
        <a class="button button--secondary" href={`/admin/programs/${program.id}`}>
          {tr.t("logo.back")}
        </a>
      </PageHeader>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.error ? (
        <Notice kind="error">
          {tr.t("logo.refused")} {props.error}
        </Notice>
      ) : null}
      <div class="two-columns">
        <section class="panel" aria-labelledby="logo-current">
          <h2 id="logo-current">{tr.t("logo.current")}</h2>
          {preview ? (
            <>
              <h3>{tr.t("logo.preview.pass")}</h3>
              <div>
                {raw(
                  passFrontSvg(
                    program,
                    admin.merchantName,
                    Math.min(3, program.goal),
                    preview.pass,
                  ),
                )}
              </div>
              <h3>{tr.t("logo.preview.icon")}</h3>
              <img
                src={dataUrl(preview.icon)}
                width={29}
                height={29}
                alt={tr.t("logo.preview.icon")}
              />
              {preview.iconKept ? <p class="muted small">{tr.t("logo.preview.iconKept")}</p> : null}
              <h3>{tr.t("logo.preview.google")}</h3>
              <div>
                {raw(googleCircleSvg(program, preview.square, tr.t("logo.preview.google")))}
              </div>
            </>
          ) : (
            <>
              <p class="muted">{tr.t("logo.none")}</p>
              <div>{raw(passFrontSvg(program, admin.merchantName, Math.min(3, program.goal)))}</div>
            </>
          )}
        </section>
        <div>
          <section class="panel" aria-labelledby="logo-upload">
            <h2 id="logo-upload">{tr.t("logo.upload.title")}</h2>
            <form method="post" action={action} enctype="multipart/form-data">
              <Csrf token={admin.csrf} />
              <div class="field">
                <label for="logo-file">{tr.t("logo.upload.file")}</label>
                <span class="hint" id="logo-file-hint">
                  {tr.t("logo.upload.hint", {
                    max: `${MAX_LOGO_BYTES / 1024 / 1024} MB`,
                    long: MIN_LOGO_LONG_SIDE,
                    short: MIN_LOGO_SHORT_SIDE,
                  })}
                </span>
                <input
                  id="logo-file"
                  name="logo"
                  type="file"
                  accept="image/png,image/svg+xml,.png,.svg"
                  required
                  aria-describedby="logo-file-hint"
                  aria-invalid={props.error ? "true" : undefined}
                />
              </div>
              <button class="button" type="submit">
                {tr.t("logo.upload.submit")}
              </button>
            </form>
          </section>
          {preview ? (
            <section class="panel" aria-labelledby="logo-remove">
              <h2 id="logo-remove">{tr.t("logo.remove.title")}</h2>
              <p class="muted">{tr.t("logo.remove.body")}</p>
              <form method="post" action={`${action}/remove`}>
                <Csrf token={admin.csrf} />
                <button class="button button--danger" type="submit">
                  {tr.t("logo.remove.submit")}
                </button>
              </form>
            </section>
          ) : null}
        </div>
      </div>
    </AdminShell>
  );
}
