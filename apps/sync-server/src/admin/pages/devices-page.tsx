import { eventTimeProblem, isSkewed } from "@stamp/core";
import { raw } from "hono/html";
import type { MessageKey } from "../../i18n/en";
import type { Translator } from "../../i18n/translate";
import type { DeviceRecord, LocationRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Notice } from "./form-bits";

export interface NewPairingCode {
  readonly display: string;
  readonly qrSvg: string;
  readonly expiresAt: number;
  readonly locationName: string;
}

function duration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 1) return `${Math.round(Math.abs(ms) / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return `${Math.round(hours / 24)} days`;
}

function ClockBadge(props: {
  tr: Translator;
  skewMs: number | null;
  now: number;
  maxClockDriftMs: number;
}) {
  const { tr, skewMs } = props;
  if (skewMs === null) return <span class="badge">{tr.t("devices.clock.unknown")}</span>;
  if (!isSkewed(skewMs)) return <span class="badge badge--ok">{tr.t("devices.clock.ok")}</span>;
  const amount = duration(skewMs);
  const text = tr.t(skewMs > 0 ? "devices.clock.ahead" : "devices.clock.behind", { amount });
  // The server refuses what such a clock dates (stamp-core SPEC H5): the till holds it until set.
  if (eventTimeProblem(props.now + skewMs, props.now, props.maxClockDriftMs))
    return (
      <span class="badge badge--danger" title={tr.t("devices.clock.wrongHint")}>
        {tr.t("devices.clock.wrong", { state: text })}
      </span>
    );
  return (
    <span
      class="badge badge--warn"
      title={tr.t("devices.clock.hint", { drift: duration(props.maxClockDriftMs) })}
    >
      {text}
    </span>
  );
}

export function DevicesPage(props: {
  tr: Translator;
  admin: Admin;
  devices: readonly DeviceRecord[];
  locations: readonly LocationRecord[];
  kioskUrl: string;
  now: number;
  /** How far ahead a till's events may be dated (MAX_CLOCK_DRIFT_SECONDS). */
  maxClockDriftMs: number;
  pairing?: NewPairingCode | undefined;
  notice?: string | undefined;
  problem?: string | undefined;
}) {
  const { tr, admin } = props;
  const locationName = new Map(props.locations.map((l) => [l.id, l.name]));
  return (
    <AdminShell tr={tr} admin={admin} section="devices" title={tr.t("devices.title")}>
      <PageHeader title={tr.t("devices.title")} intro={tr.t("devices.intro")} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      <section class="panel" aria-labelledby="pair-title">
        <h2 id="pair-title">{tr.t("devices.pair.title")}</h2>
        {props.pairing ? (
          <div class="pairing">
            <div class="qr" role="img" aria-label={tr.t("devices.pair.qr")}>
              {raw(props.pairing.qrSvg)}
            </div>
            <div>
              <p class="muted">{props.pairing.locationName}</p>
              <p>
                <span class="visually-hidden">{tr.t("devices.pair.code")}: </span>
                <span class="pairing__code">{props.pairing.display}</span>
              </p>
              <p>{tr.t("devices.pair.howto", { url: props.kioskUrl })}</p>
              <p class="muted small">
                {tr.t("devices.pair.expires", { time: tr.dateTime(props.pairing.expiresAt) })}
              </p>
            </div>
          </div>
        ) : (
          <p class="muted">{tr.t("devices.pair.intro")}</p>
        )}
        <form method="post" action="/admin/devices/pairing-codes" class="actions actions--end">
          <Csrf token={admin.csrf} />
          <div class="field">
            <label for="pair-location">{tr.t("devices.pair.location")}</label>
            <select id="pair-location" name="locationId">
              {props.locations.map((l) => (
                <option value={l.id}>{l.name}</option>
              ))}
            </select>
          </div>
          <button class="button" type="submit">
            {tr.t("devices.pair.submit")}
          </button>
        </form>
      </section>
      <section class="panel table-wrap" aria-labelledby="devices-title">
        <h2 id="devices-title">{tr.t("devices.list.title")}</h2>
        {props.devices.length === 0 ? (
          <p class="muted">{tr.t("devices.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("devices.col.name")}</th>
                <th scope="col">{tr.t("devices.col.location")}</th>
                <th scope="col">{tr.t("devices.col.lastSync")}</th>
                <th scope="col">{tr.t("devices.col.clock")}</th>
                <th scope="col">{tr.t("devices.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {props.devices.map((device) => (
                <tr>
                  <td>
                    <strong>{device.name}</strong>
                    <div class="muted small">
                      {device.mode ? tr.t(`devices.mode.${device.mode}` as MessageKey) : null} ·{" "}
                      {tr.t("devices.paired", { date: tr.dateTime(device.createdAt) })}
                    </div>
                  </td>
                  <td>{(device.locationId && locationName.get(device.locationId)) ?? ""}</td>
                  <td>
                    {device.lastSyncAt === null
                      ? tr.t("admin.never")
                      : tr.dateTime(device.lastSyncAt)}
                  </td>
                  <td>
                    <ClockBadge
                      tr={tr}
                      skewMs={device.lastSkewMs}
                      now={props.now}
                      maxClockDriftMs={props.maxClockDriftMs}
                    />
                  </td>
                  <td>
                    {device.revokedAt === null ? (
                      <form
                        method="post"
                        action={`/admin/devices/${device.id}/revoke`}
                        class="inline-form"
                      >
                        <Csrf token={admin.csrf} />
                        <span class="badge badge--ok">{tr.t("devices.active")}</span>{" "}
                        <button class="button button--danger button--small" type="submit">
                          {tr.t("devices.revoke")}
                        </button>
                      </form>
                    ) : (
                      <span class="badge badge--danger">{tr.t("devices.revoked")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminShell>
  );
}
