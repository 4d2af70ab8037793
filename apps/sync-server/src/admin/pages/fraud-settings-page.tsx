import type { FraudThresholds } from "@stamp/core";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import { FRAUD_ALERTS, type FraudSettings } from "../../storage/fraud-store";
import type { LocationRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Choices, Csrf, Field, Notice, Select } from "./form-bits";

/** The thresholds the form edits, in the order it shows them, each with its bounds. */
export const THRESHOLD_FIELDS: readonly {
  readonly name: keyof FraudThresholds;
  readonly max: number;
}[] = [
  { name: "burstStamps", max: 10_000 },
  { name: "burstMinutes", max: 1_440 },
  { name: "afterHoursGraceMinutes", max: 240 },
  { name: "adjustmentsPerDay", max: 1_000 },
  { name: "quickRedemptionMinutes", max: 1_440 },
];

/** Sunday first, as stamp-core counts days; shown Monday first. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Values as typed, when a form comes back with an error. */
export type TypedValues = Readonly<Record<string, string>>;

/** `/admin/fraud/settings`: thresholds, alerts and each location's opening hours. */
export function FraudSettingsPage(props: {
  tr: Translator;
  admin: Admin;
  settings: FraudSettings;
  locations: readonly LocationRecord[];
  defaultTimeZone: string;
  errors?: Readonly<Record<string, string>> | undefined;
  typed?: TypedValues | undefined;
  notice?: string | undefined;
}) {
  const { tr, admin, settings } = props;
  const errors = props.errors ?? {};
  const typed = props.typed ?? {};
  return (
    <AdminShell tr={tr} admin={admin} section="fraud" title={tr.t("fraud.settings.title")}>
      <PageHeader title={tr.t("fraud.settings.title")} intro={tr.t("fraud.settings.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section class="panel" aria-labelledby="fraud-thresholds">
        <h2 id="fraud-thresholds">{tr.t("fraud.settings.checks")}</h2>
        <form method="post" action="/admin/fraud/settings" class="stack">
          <Csrf token={admin.csrf} />
          {THRESHOLD_FIELDS.map(({ name, max }) => (
            <Field
              name={name}
              type="number"
              inputmode="numeric"
              min={0}
              max={max}
              label={tr.t(`fraud.settings.${name}` as MessageKey)}
              hint={tr.t(`fraud.settings.${name}.hint` as MessageKey)}
              value={typed[name] ?? String(settings.thresholds[name])}
              error={errors[name]}
            />
          ))}
          <Select
            name="alerts"
            label={tr.t("fraud.settings.alerts")}
            hint={tr.t("fraud.settings.alerts.hint")}
            value={settings.alerts}
            options={FRAUD_ALERTS.map((value) => ({
              value,
              label: tr.t(`fraud.alerts.${value}`),
            }))}
          />
          <button class="button" type="submit">
            {tr.t("fraud.settings.save")}
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="fraud-hours">
        <h2 id="fraud-hours">{tr.t("fraud.hours.title")}</h2>
        <p class="muted">{tr.t("fraud.hours.intro")}</p>
        {props.locations.map((location) => {
          const hours = settings.hours[location.id];
          const form = `h${location.id.slice(0, 8)}`;
          const error = errors[`hours-${location.id}`];
          return (
            <form
              method="post"
              action={`/admin/fraud/hours/${location.id}`}
              class="stack"
              aria-labelledby={`${form}-name`}
            >
              <h3 id={`${form}-name`}>
                <bdi>{location.name}</bdi>
              </h3>
              <Csrf token={admin.csrf} />
              <Field
                form={form}
                name="timeZone"
                label={tr.t("fraud.hours.timeZone")}
                hint={tr.t("fraud.hours.timeZone.hint")}
                value={hours?.timeZone ?? props.defaultTimeZone}
                maxlength={64}
              />
              <div class="row">
                <Field
                  form={form}
                  name="opens"
                  label={tr.t("fraud.hours.opens")}
                  value={hours ? clock(hours.opens) : ""}
                  inputmode="numeric"
                  maxlength={5}
                />
                <Field
                  form={form}
                  name="closes"
                  label={tr.t("fraud.hours.closes")}
                  value={hours ? clock(hours.closes) : ""}
                  inputmode="numeric"
                  maxlength={5}
                />
              </div>
              <Choices
                name="days"
                type="checkbox"
                legend={tr.t("fraud.hours.days")}
                options={WEEK.map((day) => ({
                  value: String(day),
                  label: tr.t(`fraud.day.${day}` as MessageKey),
                }))}
                checked={(day) => hours?.days.includes(Number(day)) ?? false}
              />
              {error ? <Notice kind="error">{error}</Notice> : null}
              <p class="hint">{tr.t("fraud.hours.clear")}</p>
              <button class="button button--secondary" type="submit">
                {tr.t("fraud.hours.save")}
              </button>
            </form>
          );
        })}
      </section>
    </AdminShell>
  );
}
