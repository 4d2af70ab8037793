import { parseHlc } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { LoggedEvent } from "../../storage/store";
import { eventText } from "./event-text";
import { Csrf } from "./form-bits";

/** Who made an event: the device's name and the location it was paired at. */
export interface EventSource {
  readonly device: string;
  readonly location: string | null;
}

export function hlcTime(tr: Translator, hlc: string): string {
  const parsed = parseHlc(hlc);
  return parsed ? tr.dateTime(parsed.millis) : hlc;
}

/**
 * Every event of the card, oldest first: when, what, through which channel, where, on which
 * device and by whom; a stamp still standing can be undone from its row (asked first, with a reason).
 */
export function CardHistory(props: {
  tr: Translator;
  csrf: string;
  cardId: string;
  history: readonly LoggedEvent[];
  sources: ReadonlyMap<string, EventSource>;
  /** Every staff member the merchant ever had, by id (stamp-core SPEC V9). */
  staffNames: ReadonlyMap<string, string>;
  /** Why an event was made by hand (stamps added, rewards redeemed), by event id. */
  reasons: ReadonlyMap<string, string>;
}) {
  const { tr } = props;
  const undone = new Set(
    props.history.flatMap(({ event }) => (event.type === "stamps.revoked" ? [event.targetId] : [])),
  );
  return (
    <section class="panel table-wrap" aria-labelledby="history">
      <h2 id="history">{tr.t("cards.history")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{tr.t("cards.col.time")}</th>
            <th scope="col">{tr.t("cards.col.event")}</th>
            <th scope="col">{tr.t("cards.col.channel")}</th>
            <th scope="col">{tr.t("cards.col.location")}</th>
            <th scope="col">{tr.t("cards.col.device")}</th>
            <th scope="col">{tr.t("cards.col.staff")}</th>
            <th scope="col">{tr.t("cards.col.received")}</th>
            <th scope="col">{tr.t("cards.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map(({ event, receivedAt }) => {
            const source = props.sources.get(event.deviceId);
            return (
              <tr data-testid="history-row" id={`event-${event.id}`}>
                <td>{hlcTime(tr, event.hlc)}</td>
                <td>
                  {eventText(tr, event)}
                  {props.reasons.has(event.id) ? (
                    <div class="muted small" data-testid="by-hand">
                      {tr.t("cards.byHand", { reason: props.reasons.get(event.id) ?? "" })}
                    </div>
                  ) : null}
                </td>
                <td>
                  {event.type === "stamps.added"
                    ? tr.t(`editor.channel.${event.channel}` as MessageKey)
                    : ""}
                </td>
                <td>{source?.location ?? ""}</td>
                <td>{source?.device ?? event.deviceId}</td>
                <td data-staff={event.staffId}>
                  {event.staffId === undefined ? (
                    ""
                  ) : (
                    <bdi>{props.staffNames.get(event.staffId) ?? event.staffId}</bdi>
                  )}
                </td>
                <td class="muted small">{tr.dateTime(receivedAt)}</td>
                <td>
                  {event.type !== "stamps.added" ? null : undone.has(event.id) ? (
                    <span class="badge">{tr.t("cards.undone")}</span>
                  ) : (
                    <form
                      method="post"
                      action={`/admin/cards/${props.cardId}/stamps/${event.id}/undo`}
                    >
                      <Csrf token={props.csrf} />
                      <button class="button button--small button--secondary" type="submit">
                        {tr.t("cards.undo")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
