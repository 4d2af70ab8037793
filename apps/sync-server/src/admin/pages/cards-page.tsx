import { formatCardNumber, hlcMillis } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { CardRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Field, Notice } from "./form-bits";

/** A search's matches: this page of them, and the cursor of the next (null: that was the last). */
export interface CustomerMatches {
  readonly cards: readonly CardRecord[];
  readonly next: string | null;
}

/** Cards as a table: number (the link to the card), who, progress, last visit. */
function CardTable(props: { tr: Translator; cards: readonly CardRecord[] }) {
  const { tr } = props;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{tr.t("cards.number")}</th>
          <th scope="col">{tr.t("cards.customer")}</th>
          <th scope="col">{tr.t("cards.progress")}</th>
          <th scope="col">{tr.t("cards.col.lastVisit")}</th>
        </tr>
      </thead>
      <tbody>
        {props.cards.map((card) => (
          <tr data-testid="card-row">
            <td>
              <a href={`/admin/cards/${card.id}`}>
                <bdi>{formatCardNumber(card.number)}</bdi>
              </a>
            </td>
            <td>
              {[card.profile?.name, card.profile?.email, card.profile?.phone]
                .filter((part) => part)
                .map((part) => (
                  <div>
                    <bdi>{part}</bdi>
                  </div>
                ))}
            </td>
            <td class="num">
              {tr.t("cards.stampsOfGoal", { stamps: card.state.stamps, goal: card.state.goal })}
            </td>
            <td class="muted small">
              {card.state.lastStampHlc ? tr.dateTime(hlcMillis(card.state.lastStampHlc)) : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CardsPage(props: {
  tr: Translator;
  admin: Admin;
  query: string;
  error?: string | undefined;
  /** The customers a search found (absent: no search, or it named one card). */
  matches?: CustomerMatches | undefined;
  recent: readonly CardRecord[];
}) {
  const { tr, matches } = props;
  const next = matches?.next
    ? `/admin/cards?${new URLSearchParams({ q: props.query, cursor: matches.next })}`
    : null;
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
      {matches ? (
        <section class="panel table-wrap" aria-labelledby="matches">
          <h2 id="matches">{tr.t("cards.matches", { query: props.query })}</h2>
          <CardTable tr={tr} cards={matches.cards} />
          {next ? (
            <p>
              <a class="button button--secondary" href={next} data-testid="next-page">
                {tr.t("cards.matches.next")}
              </a>
            </p>
          ) : null}
        </section>
      ) : (
        <section class="panel table-wrap" aria-labelledby="recent-cards">
          <h2 id="recent-cards">{tr.t("cards.recent")}</h2>
          {props.recent.length === 0 ? (
            <p class="muted">{tr.t("cards.empty")}</p>
          ) : (
            <CardTable tr={tr} cards={props.recent} />
          )}
        </section>
      )}
    </AdminShell>
  );
}
