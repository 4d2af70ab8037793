import { type Context, Hono } from "hono";
import QRCode from "qrcode";
import type { AdminEnv } from "../admin/admin-session";
import {
  type PrintedReceipt,
  type ReceiptsFormValues,
  ReceiptsPage,
} from "../admin/pages/receipts-page";
import { sendPage } from "../pages/document";
import { createReceipt } from "../receipts/create-receipt";
import { randomToken, sha256 } from "../secrets/random-token";
import type { AppServices } from "../services";
import type { ProgramRecord } from "../storage/store";
import { field, form, tr } from "./admin-kit";

const MAX_COPIES = 60;
const MAX_STAMPS = 1000;
const MAX_DAYS = 365;
const DEFAULT_DAYS = 30;

/** A whole number from 1 to `max` as typed, or null. */
function wholeNumber(typed: string, max: number): number | null {
  if (!/^[0-9]{1,4}$/.test(typed)) return null;
  const n = Number(typed);
  return n >= 1 && n <= max ? n : null;
}

function receiptsView(
  c: Context<AdminEnv>,
  props: {
    programs: readonly ProgramRecord[];
    values: ReceiptsFormValues;
    errors?: Readonly<Record<string, string>>;
    printed?: readonly PrintedReceipt[];
  },
  status: 200 | 422 = 200,
) {
  return sendPage(
    c,
    <ReceiptsPage tr={tr} admin={c.get("admin")} batch={randomToken(18)} {...props} />,
    status,
  );
}

/** `/admin/receipts`: one-time receipt QR codes made from the admin, one or a printable sheet. */
export function adminReceiptRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const app = new Hono<AdminEnv>();

  app.get("/receipts", async (c) => {
    const admin = c.get("admin");
    const programs = await store.listPrograms(admin.merchantId);
    const values = {
      programId: programs[0]?.program.id ?? "",
      count: "1",
      copies: "1",
      days: String(DEFAULT_DAYS),
    };
    return receiptsView(c, { programs, values });
  });

  app.post("/receipts", async (c) => {
    const admin = c.get("admin");
    const fields = await form(c);
    const programs = await store.listPrograms(admin.merchantId);
    const values: ReceiptsFormValues = {
      programId: field(fields, "programId"),
      count: field(fields, "count"),
      copies: field(fields, "copies"),
      days: field(fields, "days"),
    };
    const count = wholeNumber(values.count, MAX_STAMPS);
    const copies = wholeNumber(values.copies, MAX_COPIES);
    const days = wholeNumber(values.days, MAX_DAYS);
    const errors = {
      ...(count === null ? { count: tr.t("receipts.count.invalid", { max: MAX_STAMPS }) } : {}),
      ...(copies === null ? { copies: tr.t("receipts.copies.invalid", { max: MAX_COPIES }) } : {}),
      ...(days === null ? { days: tr.t("receipts.days.invalid", { max: MAX_DAYS }) } : {}),
    };
    if (!programs.some((p) => p.program.id === values.programId)) return c.notFound();
    if (count === null || copies === null || days === null)
      return receiptsView(c, { programs, values, errors }, 422);
    // Each code of a batch under its own idempotency key: the same form sent twice (a double
    // click, a reload) shows the same codes again instead of making a second sheet.
    const batch = /^[A-Za-z0-9_-]{16,64}$/.test(field(fields, "batch"))
      ? field(fields, "batch")
      : randomToken(18);
    const expiresAt = new Date(services.now() + days * 86_400_000).toISOString();
    const printed: PrintedReceipt[] = [];
    for (let i = 0; i < copies; i++) {
      const request = { programId: values.programId, count, days, copy: i };
      const answer = await createReceipt(
        services,
        admin.merchantId,
        { programId: values.programId, count, expiresAt },
        { key: `admin-receipts:${batch}:${i}`, requestHash: sha256(JSON.stringify(request)) },
      );
      if (!("kind" in answer) || answer.kind !== "answer") return c.notFound();
      const made = JSON.parse(answer.response.body) as {
        url: string;
        count: number;
        expiresAt: string;
      };
      printed.push({
        url: made.url,
        count: made.count,
        expiresAt: Date.parse(made.expiresAt),
        qrSvg: await QRCode.toString(made.url, {
          type: "svg",
          margin: 1,
          errorCorrectionLevel: "M",
        }),
      });
    }
    return receiptsView(c, { programs, values, printed });
  });

  return app;
}
