import type { Child } from "hono/jsx";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import { Document } from "../../pages/document";
import { mayOpen } from "../admin-scope";
import type { Admin } from "../admin-session";
import { Csrf } from "./form-bits";

export type Section =
  | "dashboard"
  | "programs"
  | "locations"
  | "devices"
  | "apiKeys"
  | "webhooks"
  | "campaigns"
  | "cards"
  | "receipts"
  | "conflicts"
  | "team"
  | "business"
  | "staff"
  | "audit"
  | "fraud"
  | "account";

const SECTIONS: readonly [Section, string][] = [
  ["dashboard", "/admin"],
  ["programs", "/admin/programs"],
  ["campaigns", "/admin/campaigns"],
  ["locations", "/admin/locations"],
  ["devices", "/admin/devices"],
  ["apiKeys", "/admin/api-keys"],
  ["webhooks", "/admin/webhooks"],
  ["cards", "/admin/cards"],
  ["receipts", "/admin/receipts"],
  ["conflicts", "/admin/conflicts"],
  ["team", "/admin/team"],
  ["business", "/admin/business"],
  ["staff", "/admin/staff"],
  ["audit", "/admin/audit"],
  ["fraud", "/admin/fraud"],
];

export function AdminShell(props: {
  tr: Translator;
  admin: Admin;
  section: Section;
  title: string;
  children: Child;
}) {
  const { tr, admin } = props;
  return (
    <Document tr={tr} title={props.title}>
      <a class="skip-link" href="#main">
        {tr.t("admin.skip")}
      </a>
      <header class="topbar">
        <div class="topbar__inner">
          <a class="brand" href="/admin">
            <span class="brand__mark" aria-hidden="true">
              ★
            </span>
            {tr.t("app.name")}
            <span class="brand__merchant">{admin.merchantName}</span>
          </a>
          {/* Beside the brand: the sections get a row of their own however many there are. */}
          <div class="topbar__account">
            <a
              class="button button--small button--secondary"
              href="/admin/account"
              aria-current={props.section === "account" ? "page" : undefined}
            >
              {tr.t("admin.account")}
            </a>
            <form method="post" action="/admin/logout">
              <Csrf token={admin.csrf} />
              <button class="button button--small" type="submit">
                {tr.t("admin.logout")}
              </button>
            </form>
          </div>
          <nav aria-label={tr.t("admin.nav.label")}>
            <ul class="nav">
              {SECTIONS.filter(([, href]) => mayOpen(admin, href)).map(([section, href]) => (
                <li>
                  <a href={href} aria-current={section === props.section ? "page" : undefined}>
                    {tr.t(`admin.nav.${section}` as MessageKey)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="container">
        {props.children}
      </main>
    </Document>
  );
}

export function PageHeader(props: { title: string; intro?: string; children?: Child }) {
  return (
    <div class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.intro ? <p>{props.intro}</p> : null}
      </div>
      {props.children}
    </div>
  );
}
