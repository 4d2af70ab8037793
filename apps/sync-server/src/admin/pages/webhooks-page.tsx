import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { WebhookDelivery, WebhookEndpointRecord } from "../../storage/webhook-store";
import { WEBHOOK_EVENT_KINDS, type WebhookEventKind } from "../../webhooks/webhook-events";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Choices, Csrf, Field, Notice } from "./form-bits";

/** Every kind a merchant can subscribe to has its words (type-checked). */
const KIND_LABEL = {
  "card.enrolled": "webhooks.kind.card.enrolled",
  "stamps.added": "webhooks.kind.stamps.added",
  "stamps.revoked": "webhooks.kind.stamps.revoked",
  "reward.ready": "webhooks.kind.reward.ready",
  "voucher.issued": "webhooks.kind.voucher.issued",
  "voucher.redeemed": "webhooks.kind.voucher.redeemed",
  "voucher.expired": "webhooks.kind.voucher.expired",
  "stamps.expired": "webhooks.kind.stamps.expired",
  "card.blocked": "webhooks.kind.card.blocked",
  "card.unblocked": "webhooks.kind.card.unblocked",
  "receipt.claimed": "webhooks.kind.receipt.claimed",
  "campaign.sent": "webhooks.kind.campaign.sent",
  "customer.erased": "webhooks.kind.customer.erased",
  "fraud.flagged": "webhooks.kind.fraud.flagged",
} as const satisfies Record<WebhookEventKind, MessageKey>;

const STATUS_LABEL = {
  pending: "webhooks.status.pending",
  delivered: "webhooks.status.delivered",
  failed: "webhooks.status.failed",
} as const satisfies Record<WebhookDelivery["status"], MessageKey>;

function kindLabel(tr: Translator, kind: string): string {
  return kind in KIND_LABEL ? tr.t(KIND_LABEL[kind as WebhookEventKind]) : kind;
}

function EndpointState(props: { tr: Translator; endpoint: WebhookEndpointRecord }) {
  const { tr, endpoint } = props;
  if (endpoint.disabledAt !== null)
    return (
      <span class="badge badge--danger">
        {tr.t("webhooks.state.off", { date: tr.dateTime(endpoint.disabledAt) })}
      </span>
    );
  if (endpoint.failingSince !== null)
    return (
      <span class="badge badge--warn">
        {tr.t("webhooks.state.failing", { date: tr.dateTime(endpoint.failingSince) })}
      </span>
    );
  return <span class="badge">{tr.t("webhooks.state.ok")}</span>;
}

/** Where the shop's other tools hear of stamps, rewards and cards, and how the last sends went. */
export function WebhooksPage(props: {
  tr: Translator;
  admin: Admin;
  endpoints: readonly WebhookEndpointRecord[];
  created?: WebhookEndpointRecord | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  url?: string;
}) {
  const { tr, admin } = props;
  return (
    <AdminShell tr={tr} admin={admin} section="webhooks" title={tr.t("webhooks.title")}>
      <PageHeader title={tr.t("webhooks.title")} intro={tr.t("webhooks.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.created ? (
        <section class="panel" aria-labelledby="new-secret">
          <h2 id="new-secret">{tr.t("webhooks.created")}</h2>
          <Notice kind="warn">{tr.t("webhooks.created.warning")}</Notice>
          <code class="secret">{props.created.secret}</code>
        </section>
      ) : null}
      <div class="two-columns">
        <section class="panel" aria-labelledby="add-endpoint">
          <h2 id="add-endpoint">{tr.t("webhooks.add.title")}</h2>
          <form method="post" action="/admin/webhooks">
            <Csrf token={admin.csrf} />
            <Field
              name="url"
              label={tr.t("webhooks.url")}
              hint={tr.t("webhooks.url.hint")}
              value={props.url ?? ""}
              error={props.error}
              maxlength={2000}
              required
            />
            <Choices
              name="events"
              type="checkbox"
              legend={tr.t("webhooks.events")}
              options={WEBHOOK_EVENT_KINDS.map((kind) => ({
                value: kind,
                label: tr.t(KIND_LABEL[kind]),
              }))}
              checked={() => true}
            />
            <button class="button" type="submit">
              {tr.t("webhooks.add")}
            </button>
          </form>
        </section>
        <section class="panel table-wrap" aria-labelledby="endpoint-list">
          <h2 id="endpoint-list">{tr.t("webhooks.list.title")}</h2>
          {props.endpoints.length === 0 ? (
            <p class="muted">{tr.t("webhooks.empty")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{tr.t("webhooks.col.url")}</th>
                  <th scope="col">{tr.t("webhooks.col.state")}</th>
                  <th scope="col">{tr.t("webhooks.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.endpoints.map((endpoint) => (
                  <tr>
                    <td>
                      <code>{endpoint.url}</code>
                      <div class="muted small">
                        {endpoint.kind === "rest-hook" ? `${tr.t("webhooks.restHook")} · ` : ""}
                        {endpoint.events.map((kind) => tr.t(KIND_LABEL[kind])).join(", ")}
                      </div>
                    </td>
                    <td>
                      <EndpointState tr={tr} endpoint={endpoint} />
                    </td>
                    <td>
                      <a class="button button--small" href={`/admin/webhooks/${endpoint.id}`}>
                        {tr.t("webhooks.deliveries")}
                      </a>{" "}
                      <a
                        class="button button--danger button--small"
                        href={`/admin/webhooks/${endpoint.id}/delete`}
                      >
                        {tr.t("webhooks.delete")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </AdminShell>
  );
}

/** An endpoint's newest deliveries, each with what happened and a way to send it again. */
export function WebhookDeliveriesPage(props: {
  tr: Translator;
  admin: Admin;
  endpoint: WebhookEndpointRecord;
  deliveries: readonly WebhookDelivery[];
  notice?: string | undefined;
}) {
  const { tr, admin, endpoint } = props;
  const title = tr.t("webhooks.deliveries.title");
  return (
    <AdminShell tr={tr} admin={admin} section="webhooks" title={title}>
      <PageHeader title={title} intro={endpoint.url} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        <EndpointState tr={tr} endpoint={endpoint} />
      </p>
      <section class="panel table-wrap" aria-labelledby="delivery-list">
        <h2 id="delivery-list">{tr.t("webhooks.deliveries")}</h2>
        {props.deliveries.length === 0 ? (
          <p class="muted">{tr.t("webhooks.deliveries.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("webhooks.col.when")}</th>
                <th scope="col">{tr.t("webhooks.col.kind")}</th>
                <th scope="col">{tr.t("webhooks.col.outcome")}</th>
                <th scope="col">{tr.t("webhooks.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((delivery) => (
                <tr>
                  <td>{tr.dateTime(delivery.createdAt)}</td>
                  <td>
                    {kindLabel(tr, delivery.type)}
                    <div class="muted small">
                      <code>{delivery.messageId}</code>
                    </div>
                  </td>
                  <td>
                    {tr.t(STATUS_LABEL[delivery.status], {
                      attempts: delivery.attempts,
                      date: tr.dateTime(delivery.dueAt),
                    })}
                    {delivery.lastError ? (
                      <div class="muted small">{delivery.lastError}</div>
                    ) : null}
                  </td>
                  <td>
                    <form
                      method="post"
                      action={`/admin/webhooks/${endpoint.id}/deliveries/${encodeURIComponent(delivery.id)}/replay`}
                      class="inline-form"
                    >
                      <Csrf token={admin.csrf} />
                      <button class="button button--secondary button--small" type="submit">
                        {tr.t("webhooks.replay")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p>
        <a href="/admin/webhooks">{tr.t("webhooks.back")}</a>
      </p>
    </AdminShell>
  );
}
