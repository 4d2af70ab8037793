import type { FraudSubject } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { FraudFlagRecord, FraudStatus } from "../../storage/fraud-store";
import { FRAUD_STATUSES } from "../../storage/fraud-store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Notice } from "./form-bits";

/** What a flag page names: people and tills by name, locations by name. */
export interface FraudNames {
  readonly subject: (subject: FraudSubject) => string;
  readonly location: (locationId: string | null) => string;
}

const STATUS_LABEL = {
  open: "fraud.status.open",
  confirmed: "fraud.status.confirmed",
  dismissed: "fraud.status.dismissed",
} as const;

function Window(props: { tr: Translator; flag: FraudFlagRecord }) {
  const { tr, flag } = props;
  return (
    <>
      {tr.dateTime(flag.windowStart)} – {tr.dateTime(flag.windowEnd)}
    </>
  );
}

/** `/admin/fraud`: the review queue, one tab per status, newest first. */
export function FraudPage(props: {
  tr: Translator;
  admin: Admin;
  status: FraudStatus;
  /** Open flags the account may see, on the first tab. */
  openCount: number;
  flags: readonly FraudFlagRecord[];
  names: FraudNames;
  next: string | null;
  /** Whether the account may change the checks (owners and managers of every location). */
  mayChangeSettings: boolean;
  notice?: string | undefined;
}) {
  const { tr, admin, names } = props;
  return (
    <AdminShell tr={tr} admin={admin} section="fraud" title={tr.t("fraud.title")}>
      <PageHeader title={tr.t("fraud.title")} intro={tr.t("fraud.intro")}>
        {props.mayChangeSettings ? (
          <a class="button button--secondary" href="/admin/fraud/settings">
            {tr.t("fraud.settings.title")}
          </a>
        ) : null}
      </PageHeader>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <nav class="tabs" aria-label={tr.t("fraud.tabs")}>
        <ul>
          {FRAUD_STATUSES.map((status) => (
            <li>
              <a
                href={`/admin/fraud?status=${status}`}
                aria-current={status === props.status ? "page" : undefined}
              >
                {tr.t(STATUS_LABEL[status])}
                {status === "open" ? <span class="badge">{props.openCount}</span> : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section class="panel table-wrap" aria-labelledby="fraud-flags">
        <h2 id="fraud-flags">{tr.t(STATUS_LABEL[props.status])}</h2>
        {props.flags.length === 0 ? (
          <p class="muted">{tr.t("fraud.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("fraud.col.reason")}</th>
                <th scope="col">{tr.t("fraud.col.who")}</th>
                <th scope="col">{tr.t("fraud.col.location")}</th>
                <th scope="col">{tr.t("fraud.col.when")}</th>
                <th scope="col">{tr.t("fraud.col.count")}</th>
              </tr>
            </thead>
            <tbody>
              {props.flags.map((flag) => (
                <tr data-reason={flag.reason}>
                  <td>
                    <a href={`/admin/fraud/${flag.id}`}>{tr.t(`fraud.reason.${flag.reason}`)}</a>
                  </td>
                  <td>
                    <bdi>{names.subject(flag.subject)}</bdi>
                  </td>
                  <td>
                    <bdi>{names.location(flag.locationId)}</bdi>
                  </td>
                  <td class="small">
                    <Window tr={tr} flag={flag} />
                  </td>
                  <td>{flag.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.next ? (
          <p>
            <a rel="next" href={props.next}>
              {tr.t("fraud.next")}
            </a>
          </p>
        ) : null}
      </section>
    </AdminShell>
  );
}

/** `/admin/fraud/:id`: what was seen, the events behind it, and the review. */
export function FraudFlagPage(props: {
  tr: Translator;
  admin: Admin;
  flag: FraudFlagRecord;
  names: FraudNames;
  error?: string | undefined;
}) {
  const { tr, admin, flag, names } = props;
  const title = tr.t(`fraud.reason.${flag.reason}`);
  return (
    <AdminShell tr={tr} admin={admin} section="fraud" title={title}>
      <PageHeader title={title} intro={tr.t(`fraud.explain.${flag.reason}`)} />
      <section class="panel" aria-labelledby="fraud-facts">
        <h2 id="fraud-facts">{tr.t("fraud.facts")}</h2>
        <dl class="facts">
          <dt>{tr.t("fraud.col.who")}</dt>
          <dd>
            <bdi>{names.subject(flag.subject)}</bdi>
          </dd>
          <dt>{tr.t("fraud.col.location")}</dt>
          <dd>
            <bdi>{names.location(flag.locationId)}</bdi>
          </dd>
          <dt>{tr.t("fraud.col.when")}</dt>
          <dd>
            <Window tr={tr} flag={flag} />
          </dd>
          <dt>{tr.t("fraud.col.count")}</dt>
          <dd>{flag.count}</dd>
          <dt>{tr.t("fraud.raisedAt")}</dt>
          <dd>{tr.dateTime(flag.raisedAt)}</dd>
          <dt>{tr.t("fraud.col.status")}</dt>
          <dd>{tr.t(STATUS_LABEL[flag.status])}</dd>
          {flag.reviewedBy !== null && flag.reviewedAt !== null ? (
            <>
              <dt>{tr.t("fraud.reviewedBy")}</dt>
              <dd>
                <bdi>{flag.reviewedBy}</bdi>, {tr.dateTime(flag.reviewedAt)}
              </dd>
              <dt>{tr.t("fraud.note")}</dt>
              <dd>
                <bdi>{flag.note ?? ""}</bdi>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section class="panel" aria-labelledby="fraud-items">
        <h2 id="fraud-items">{tr.t("fraud.items")}</h2>
        <ul>
          {flag.items.map((item) =>
            item.cardId ? (
              <li>
                <a href={`/admin/cards/${item.cardId}#event-${item.id}`}>
                  {tr.t("fraud.item.card", { card: item.cardId.slice(0, 8) })}
                </a>{" "}
                <code class="small">{item.id}</code>
              </li>
            ) : (
              <li>
                <code class="small">{item.id}</code>
              </li>
            ),
          )}
        </ul>
        {flag.count > flag.items.length ? (
          <p class="muted">{tr.t("fraud.itemsMore", { shown: flag.items.length })}</p>
        ) : null}
      </section>
      {flag.status === "open" ? (
        <section class="panel" aria-labelledby="fraud-review">
          <h2 id="fraud-review">{tr.t("fraud.review")}</h2>
          <form method="post" action={`/admin/fraud/${flag.id}/review`} class="stack">
            <Csrf token={admin.csrf} />
            <div class="field">
              <label for="f-note">{tr.t("fraud.note")}</label>
              <span class="hint" id="f-note-hint">
                {tr.t("fraud.note.hint")}
              </span>
              <textarea
                id="f-note"
                name="note"
                rows={3}
                maxlength={500}
                aria-describedby={`f-note-hint${props.error ? " f-note-error" : ""}`}
                aria-invalid={props.error ? "true" : undefined}
              />
              {props.error ? (
                <span class="field-error" id="f-note-error">
                  {props.error}
                </span>
              ) : null}
            </div>
            <div class="row">
              <button class="button button--danger" type="submit" name="status" value="confirmed">
                {tr.t("fraud.confirm")}
              </button>
              <button
                class="button button--secondary"
                type="submit"
                name="status"
                value="dismissed"
              >
                {tr.t("fraud.dismiss")}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <p>
        <a href="/admin/fraud">{tr.t("fraud.back")}</a>
      </p>
    </AdminShell>
  );
}
