import { randomUUID } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { apiKey, call, enroll, TestDevice } from "../../test/fixtures";
import { startTestServer } from "../../test/test-server";
import { backupFileName } from "../backup/backup-names";
import { dataDirBackup } from "../backup/data-dir-backup";

const server = await startTestServer({ backupDays: 3 });
const guarded = await startTestServer({ metricsToken: "a-long-enough-metrics-token" });
afterAll(() => Promise.all([server.close(), guarded.close()]));

const scrape = async (target = server, headers: Record<string, string> = {}) =>
  call(target, "GET", "/metrics", { headers });

describe("GET /metrics", () => {
  it("counts requests by route pattern, sync events by outcome, tills, pushes and backup age", async () => {
    const key = await apiKey(server, server.seed);
    const till = await TestDevice.pair(server);
    const { cardId } = await enroll(server, key, server.seed.programId);
    const good = till.stamp(cardId, 1);
    const foreign = { ...till.stamp(cardId, 1), merchantId: randomUUID() };
    await till.sync([good, foreign]);
    await till.sync([good]);
    for (let i = 0; i < 3; i++) await call(server, "GET", `/c/${randomUUID()}`);
    const stray = randomUUID();
    await call(server, "GET", `/no/such/${stray}`);
    await server.services.backups?.runDue();

    const reply = await scrape();
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/plain");
    const text = reply.text;
    expect(text).toMatch(/stamp_sync_events_total\{outcome="accepted",code=""\} 1\n/);
    expect(text).toMatch(/stamp_sync_events_total\{outcome="duplicate",code=""\} 1\n/);
    expect(text).toMatch(/stamp_sync_events_total\{outcome="rejected",code="wrong-merchant"\} 1\n/);
    expect(text).toMatch(/stamp_devices\{state="active"\} 1\n/);
    expect(text).toMatch(/stamp_devices_online 1\n/);
    expect(text).toMatch(/stamp_wallet_push_jobs\{status="pending"\} \d+\n/);
    expect(text).toMatch(/stamp_backup_age_seconds \d/);
    // Three different card ids, one series: labels are patterns, never what a client sent.
    expect(text).toMatch(
      /stamp_http_requests_total\{method="GET",route="\/c\/:cardId",status="404"\} 3\n/,
    );
    expect(text).toMatch(
      /stamp_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/api\/v1\/sync\/?",status="200"\}/,
    );
    expect(text).not.toContain(cardId);
    expect(text).not.toContain(stray);
  });

  it("serves this machine only, not through a proxy, when no METRICS_TOKEN is set", async () => {
    const proxied = await scrape(server, { "x-forwarded-for": "203.0.113.9" });
    expect(proxied.status).toBe(403);
    expect(proxied.json.error.code).toBe("metrics-forbidden");
  });

  it("asks for the token when METRICS_TOKEN is set", async () => {
    expect((await scrape(guarded)).status).toBe(401);
    // No daily backups here (BACKUP_DAYS=0), but a manual one counts.
    const backup = dataDirBackup(guarded.services.storage, guarded.dataDir, "in-steps");
    await backup?.(join(guarded.dataDir, "backups", backupFileName("manual", Date.now())));
    const wrong = await scrape(guarded, { authorization: "Bearer not-the-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe("metrics-token-required");
    const right = await scrape(guarded, { authorization: "Bearer a-long-enough-metrics-token" });
    expect(right.status).toBe(200);
    expect(right.text).toContain("stamp_http_requests_total");
    expect(right.text).toMatch(/stamp_backup_age_seconds \d/);
  });
});

describe("GET /readyz", () => {
  it("is ready when the database answers and every migration is applied", async () => {
    const reply = await call(server, "GET", "/readyz");
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ok: true });
  });

  it("is not while a migration of this build is missing", async () => {
    const db = new Database(join(guarded.dataDir, "stamp.db"));
    db.exec(
      "DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)",
    );
    db.close();
    const reply = await call(guarded, "GET", "/readyz");
    expect(reply.status).toBe(503);
    expect(reply.json.error).toMatchObject({
      code: "not-ready",
      message: expect.stringMatching(/1 migration/),
    });
    // /healthz says the process answers; that stays true.
    expect((await call(guarded, "GET", "/healthz")).status).toBe(200);
  });
});
