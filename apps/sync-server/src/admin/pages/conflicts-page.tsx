import { parseHlc } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { CardRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { conflictText } from "./event-text";

export function ConflictsPage(props: {
  tr: Translator;
  admin: Admin;
  cards: readonly CardRecord[];
}) {
  const { tr } = props;
  const rows = props.cards.flatMap((card) =>
    card.state.conflicts.map((conflict) => ({ card, conflict })),
  );
  return (
    <AdminShell tr={tr} admin={props.admin} section="conflicts" title={tr.t("conflicts.title")}>
      <PageHeader title={tr.t("conflicts.title")} intro={tr.t("conflicts.intro")} />
      <section class="panel table-wrap">
        {rows.length === 0 ? (
          <p class="muted">{tr.t("conflicts.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("conflicts.col.kind")}</th>
                <th scope="col">{tr.t("conflicts.col.card")}</th>
                <th scope="col">{tr.t("conflicts.col.voucher")}</th>
                <th scope="col">{tr.t("conflicts.col.when")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ card, conflict }) => (
                <tr>
                  <td>
                    <span class="badge badge--warn">{conflictText(tr, conflict.kind)}</span>
                  </td>
                  <td>
                    <a href={`/admin/cards/${card.id}`}>
                      <code>{card.id.slice(0, 8)}</code>
                    </a>
                    {card.profile?.name ? <span class="muted"> · {card.profile.name}</span> : null}
                  </td>
                  <td>
                    {conflict.voucherId ? <code>{conflict.voucherId.split(":")[1]}</code> : null}
                  </td>
                  <td>{tr.dateTime(parseHlc(conflict.hlc)?.millis ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminShell>
  );
}
