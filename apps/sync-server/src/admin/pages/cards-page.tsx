import { formatCardNumber } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { CardRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Field, Notice } from "./form-bits";

export function CardsPage(props: {
  tr: Translator;
  admin: Admin;
  query: string;
  error?: string | undefined;
  recent: readonly CardRecord[];
}) {
  const { tr } = props;
  return (
    <AdminShell tr={tr} admin={props.admin} section="cards" title={tr.t("cards.title")}>
      <PageHeader title={tr.t("cards.title")} intro={tr.t("cards.intro")} />
      <search>
        <form method="get" action="/admin/cards" class="panel">
          {props.error ? <Notice kind="error">{props.error}</Notice> : null}
          <Field
            name="q"
            type="search"
            label={tr.t("cards.search")}
            value={props.query}
            maxlength={200}
            required
          />
          <button class="button" type="submit">
            {tr.t("cards.search.submit")}
          </button>
        </form>
      </search>
      <section class="panel table-wrap" aria-labelledby="recent-cards">
        <h2 id="recent-cards">{tr.t("cards.recent")}</h2>
        {props.recent.length === 0 ? (
          <p class="muted">{tr.t("cards.empty")}</p>
        ) : (
          <table>
            <tbody>
              {props.recent.map((card) => (
                <tr>
                  <td>
                    <a href={`/admin/cards/${card.id}`}>
                      <bdi>{formatCardNumber(card.number)}</bdi>
                    </a>
                  </td>
                  <td>{card.profile?.name ?? ""}</td>
                  <td class="num">
                    {tr.t("cards.stampsOfGoal", {
                      stamps: card.state.stamps,
                      goal: card.state.goal,
                    })}
                  </td>
                  <td class="muted small">{tr.dateTime(card.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminShell>
  );
}
