import type { Translator } from "../../i18n/translate";
import type { CardRecord } from "../../storage/store";
import type { Registration } from "../../storage/wallet-store";
import { Csrf } from "./form-bits";

/** Where the customer's pass is: what the wallet service knows of it. */
export interface PassStatus {
  /** The iPhones (Apple Wallet) listening for the pass's updates. */
  readonly appleDevices: readonly Registration[];
  /** The customer opened "Save to Google Wallet": the pass object exists at Google. */
  readonly googleSaved: boolean;
  /** When the pass last changed (a stamp, a program edit); null: no pass made yet. */
  readonly updatedAt: number | null;
}

/** The customer's details as they joined, and the way back to the card on a new phone. */
export function CustomerPanel(props: { tr: Translator; csrf: string; card: CardRecord }) {
  const { tr, card } = props;
  const { name, email, phone } = card.profile ?? {};
  const details = [
    ["cards.profile.name", name],
    ["cards.profile.email", email],
    ["cards.profile.phone", phone],
  ] as const;
  return (
    <section class="panel" aria-labelledby="customer">
      <h2 id="customer">{tr.t("cards.customer")}</h2>
      <div class="settings-stack">
        {name || email || phone ? (
          <dl class="facts" data-testid="profile">
            {details.map(([label, value]) =>
              value ? (
                <>
                  <dt>{tr.t(label)}</dt>
                  <dd>
                    <bdi>{value}</bdi>
                  </dd>
                </>
              ) : null,
            )}
          </dl>
        ) : (
          <p class="muted">{tr.t("cards.noProfile")}</p>
        )}
        {email ? (
          <form method="post" action={`/admin/cards/${card.id}/restore-link`}>
            <Csrf token={props.csrf} />
            <p class="hint">{tr.t("cards.restore.hint")}</p>
            <button class="button button--secondary" type="submit" data-testid="send-restore">
              {tr.t("cards.restore.send")}
            </button>
          </form>
        ) : null}
      </div>
    </section>
  );
}

export function PassStatusPanel(props: { tr: Translator; status: PassStatus }) {
  const { tr, status } = props;
  const apple = status.appleDevices;
  const firstAdded = Math.min(...apple.map((r) => r.createdAt));
  return (
    <section class="panel" aria-labelledby="pass-status" data-testid="pass-status">
      <h2 id="pass-status">{tr.t("cards.pass.title")}</h2>
      <dl class="facts">
        <dt>{tr.t("cards.pass.apple")}</dt>
        <dd>
          {apple.length === 0
            ? tr.t("cards.pass.apple.none")
            : tr.plural("cards.pass.apple.on", apple.length, {
                count: apple.length,
                since: tr.dateTime(firstAdded),
              })}
        </dd>
        <dt>{tr.t("cards.pass.google")}</dt>
        <dd>{tr.t(status.googleSaved ? "cards.pass.google.saved" : "cards.pass.google.none")}</dd>
        <dt>{tr.t("cards.pass.updated")}</dt>
        <dd>
          {status.updatedAt === null ? tr.t("cards.pass.never") : tr.dateTime(status.updatedAt)}
        </dd>
      </dl>
    </section>
  );
}
