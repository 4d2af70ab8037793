import { type CardView, cardView, formatCardNumber } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { CardRecord, LoggedEvent } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { CustomerPanel, type PassStatus, PassStatusPanel } from "./card-customer";
import { CardHistory, type EventSource, hlcTime } from "./card-history";
import { conflictText } from "./event-text";
import { Csrf, Field, Notice } from "./form-bits";

/** Why an action on the card page was refused: a reason that does not read, or the action's own. */
export interface CardPageProblem {
  readonly reason?: string;
  /** The add-stamps form's own problems, under its fields (with what was typed). */
  readonly stamps?: {
    readonly count?: string;
    readonly reason?: string;
    readonly typed: { readonly count: string; readonly reason: string };
  };
  readonly message?: string;
  readonly status: 409 | 422 | 503;
}

function VoucherRows(props: { tr: Translator; view: CardView; cardId: string }) {
  const { tr } = props;
  return (
    <>
      {props.view.vouchers.map((v) => (
        <tr>
          <td>
            {v.title}
            {v.prize ? <div class="muted small">{v.prize.title}</div> : null}
          </td>
          <td>
            <span class={v.status === "issued" ? "badge badge--ok" : "badge"}>
              {tr.t(`voucher.${v.status}` as MessageKey)}
            </span>
          </td>
          <td>{hlcTime(tr, v.issuedAt)}</td>
          <td>{v.code ? <code>{v.code}</code> : null}</td>
          <td>
            {v.status === "issued" ? (
              <a
                class="button button--small"
                href={`/admin/cards/${props.cardId}/vouchers/${v.cycle}`}
                data-testid="hand-over"
              >
                {tr.t(v.kind === "simple" ? "cards.handOver" : "cards.redeem")}
              </a>
            ) : null}
          </td>
        </tr>
      ))}
    </>
  );
}

/** Stamps the till could not give, added with a reason; the form's token makes a resend add none. */
function AddStampsPanel(props: {
  tr: Translator;
  csrf: string;
  cardId: string;
  formToken: string;
  max: number;
  problem: CardPageProblem["stamps"];
}) {
  const { tr, problem } = props;
  return (
    <section class="panel" aria-labelledby="add-stamps">
      <h2 id="add-stamps">{tr.t("cards.add.title")}</h2>
      <p class="muted">{tr.t("cards.add.intro")}</p>
      <form method="post" action={`/admin/cards/${props.cardId}/stamps`}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="token" value={props.formToken} />
        <Field
          name="count"
          type="number"
          label={tr.t("cards.add.count")}
          value={problem?.typed.count ?? "1"}
          error={problem?.count}
          min={1}
          max={props.max}
          required
        />
        <Field
          name="stampReason"
          label={tr.t("cards.reason")}
          hint={tr.t("cards.reason.hint")}
          value={problem?.typed.reason ?? ""}
          error={problem?.reason}
          maxlength={200}
          required
        />
        <button class="button" type="submit" data-testid="add-stamps">
          {tr.t("cards.add.submit")}
        </button>
      </form>
    </section>
  );
}

/** The customer's data as JSON, and erasing it (asked first). */
function PersonalDataPanel(props: { tr: Translator; csrf: string; card: CardRecord }) {
  const { tr, card } = props;
  return (
    <section class="panel" aria-labelledby="personal-data">
      <h2 id="personal-data">{tr.t("cards.data.title")}</h2>
      <p class="muted">{tr.t("cards.data.intro")}</p>
      <div class="actions-row">
        <a
          class="button button--secondary"
          href={`/admin/cards/${card.id}/export`}
          download={`customer-${card.id}.json`}
          data-testid="export-customer"
        >
          {tr.t("cards.data.export")}
        </a>
        {card.profile ? (
          <form method="post" action={`/admin/cards/${card.id}/erase`}>
            <Csrf token={props.csrf} />
            <button class="button button--danger" type="submit" data-testid="erase-customer">
              {tr.t("cards.data.erase")}
            </button>
          </form>
        ) : (
          <span class="muted">{tr.t("cards.data.erased")}</span>
        )}
      </div>
    </section>
  );
}

export function CardPage(props: {
  tr: Translator;
  admin: Admin;
  card: CardRecord;
  programName: string;
  history: readonly LoggedEvent[];
  sources: ReadonlyMap<string, EventSource>;
  pass: PassStatus;
  /** Every staff member the merchant ever had, by id (stamp-core SPEC V9). */
  staffNames: ReadonlyMap<string, string>;
  now: number;
  notice?: string | undefined;
  problem?: CardPageProblem | undefined;
  /** Names the block form's one action: sent twice (a double click), it blocks once. */
  formToken: string;
  /** Why stamps and redemptions were made by hand, by event id (from the audit log). */
  reasons: ReadonlyMap<string, string>;
  maxStampsByHand: number;
}) {
  const { tr, card, admin } = props;
  const view = cardView(card.state, props.now);
  const blocked = card.state.blocked;
  return (
    <AdminShell tr={tr} admin={admin} section="cards" title={tr.t("cards.detail.title")}>
      <PageHeader title={tr.t("cards.detail.title")} intro={card.id} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.problem?.message ? <Notice kind="error">{props.problem.message}</Notice> : null}
      <section class="grid">
        <div class="stat">
          <div class="stat__label">{tr.t("cards.number")}</div>
          <div class="stat__value" data-testid="card-number">
            <bdi>{formatCardNumber(card.number)}</bdi>
          </div>
        </div>
        <div class="stat">
          <div class="stat__label">{tr.t("cards.progress")}</div>
          <div class="stat__value">
            {tr.t("cards.stampsOfGoal", { stamps: view.stamps, goal: view.goal })}
          </div>
        </div>
        <div class="stat">
          <div class="stat__label">{tr.t("cards.cycles")}</div>
          <div class="stat__value">{tr.number(view.cycles)}</div>
        </div>
        <div class="stat">
          <div class="stat__label">{tr.t("cards.lifetime")}</div>
          <div class="stat__value">{tr.number(view.lifetimeStamps)}</div>
        </div>
        <div class="stat">
          <div class="stat__label">{tr.t("cards.status")}</div>
          <div class="stat__value">
            <span class={blocked ? "badge badge--danger" : "badge badge--ok"}>
              {tr.t(blocked ? "cards.blocked" : "cards.active")}
            </span>
          </div>
        </div>
      </section>
      <div class="two-columns">
        <CustomerPanel tr={tr} csrf={admin.csrf} card={card} />
        <PassStatusPanel tr={tr} status={props.pass} />
        <section class="panel">
          <dl class="facts">
            <dt>{tr.t("cards.program")}</dt>
            <dd>{props.programName}</dd>
            <dt>{tr.t("cards.enrolled")}</dt>
            <dd>{tr.dateTime(card.createdAt)}</dd>
            <dt>{tr.t("cards.code")}</dt>
            <dd>
              <code>{card.code}</code>
            </dd>
          </dl>
        </section>
        <section class="panel">
          <form method="post" action={`/admin/cards/${card.id}/${blocked ? "unblock" : "block"}`}>
            <Csrf token={admin.csrf} />
            <input type="hidden" name="token" value={props.formToken} />
            <Field
              name="reason"
              label={tr.t("cards.reason")}
              hint={tr.t("cards.reason.hint")}
              value=""
              error={props.problem?.reason}
              maxlength={200}
              required={!blocked}
            />
            <button class={blocked ? "button" : "button button--danger"} type="submit">
              {tr.t(blocked ? "cards.unblock" : "cards.block")}
            </button>
          </form>
        </section>
      </div>
      <div class="two-columns">
        <AddStampsPanel
          tr={tr}
          csrf={admin.csrf}
          cardId={card.id}
          formToken={props.formToken}
          max={props.maxStampsByHand}
          problem={props.problem?.stamps}
        />
        <PersonalDataPanel tr={tr} csrf={admin.csrf} card={card} />
      </div>
      <section class="panel table-wrap" aria-labelledby="vouchers">
        <h2 id="vouchers">{tr.t("cards.vouchers")}</h2>
        {view.vouchers.length === 0 ? (
          <p class="muted">{tr.t("cards.noVouchers")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("cards.col.voucher")}</th>
                <th scope="col">{tr.t("cards.col.status")}</th>
                <th scope="col">{tr.t("cards.col.issued")}</th>
                <th scope="col">{tr.t("cards.col.code")}</th>
                <th scope="col">{tr.t("cards.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              <VoucherRows tr={tr} view={view} cardId={card.id} />
            </tbody>
          </table>
        )}
      </section>
      {card.state.conflicts.length > 0 ? (
        <section class="panel" aria-labelledby="conflicts">
          <h2 id="conflicts">{tr.t("cards.conflicts")}</h2>
          <ul>
            {card.state.conflicts.map((c) => (
              <li>
                <strong>{conflictText(tr, c.kind)}</strong> · {hlcTime(tr, c.hlc)}
                {c.voucherId ? <span class="muted"> · {c.voucherId}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <CardHistory
        tr={tr}
        csrf={admin.csrf}
        cardId={card.id}
        history={props.history}
        sources={props.sources}
        staffNames={props.staffNames}
        reasons={props.reasons}
      />
    </AdminShell>
  );
}
