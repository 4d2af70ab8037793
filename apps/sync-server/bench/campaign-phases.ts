/**
 * Campaign fan-out by phase on SQLite (issue 13 §4): one campaign to BENCH_CAMPAIGN_CARDS cards
 * driven through the store in-process, in the campaign sender's steps and the push worker's
 * rounds, with no APNs: CPU per 1,000 passes of the fan-out steps (audience page, recipients,
 * pass versions, push jobs), the push-job claims, the push targets' read and the round's outcome
 * writes. This process's CPU time (its checkpoint thread's too), which holds on a busy machine
 * where campaign-fanout's seconds do not; the HTTP/2 pushes are that bench's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "../../../scripts/bench-table";
import { inAudience } from "../src/campaigns/audience";
import { createCampaign } from "../src/campaigns/create-campaign";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { openServices } from "../src/open-services";
import { setUpCampaignCards } from "./campaign-setup";
import { ownCpuMs } from "./ingest-raw";

const CARDS = Number(process.env.BENCH_CAMPAIGN_CARDS ?? 100_000);
/** The campaign sender's step and the push worker's round (campaign-sender.ts, push-worker.ts). */
const STEP_CARDS = 500;
const PUSH_BATCH = 1000;
const LEASE_MS = 60_000;

const root = mkdtempSync(join(tmpdir(), "stamp-bench-campaign-phases-"));
try {
  const setup = await setUpCampaignCards(root, "sqlite", null, CARDS);
  const config = { ...loadConfig({}), dataDir: setup.dataDir };
  const services = await openServices(config, createLogger("warn"), "http://localhost");
  const { store } = services;
  const wallet = services.storage.wallet;
  const made = await createCampaign(services, setup.merchantId, {
    programId: setup.programId,
    name: "Bench",
    message: { en: "Pumpkin latte is back" },
    audience: { kind: "everyone" },
  });
  if (!made.ok) throw new Error(made.problem.message);
  const spent = { "fan-out steps": 0, "push-job claims": 0, "push targets": 0, outcomes: 0 };
  const timed = async <T>(phase: keyof typeof spent, work: () => Promise<T>): Promise<T> => {
    const started = ownCpuMs();
    const result = await work();
    spent[phase] += ownCpuMs() - started;
    return result;
  };
  // The clock moves on a step or round at a time, so every queued job is due at the next claim.
  let now = services.now();
  const campaign = await store.claimCampaign(now, LEASE_MS);
  if (!campaign) throw new Error("the campaign was not due");
  let recipients = 0;
  for (let done = false; !done; ) {
    now += 1;
    const at = now;
    const step = await timed("fan-out steps", () =>
      store.fanOutCampaign(campaign.id, {
        now: at,
        limit: STEP_CARDS,
        leaseMs: LEASE_MS,
        inAudience: (card) => inAudience(campaign.audience, card, at),
      }),
    );
    recipients += step.added;
    done = step.done;
  }
  let pushed = 0;
  for (;;) {
    now += 1;
    const at = now;
    const jobs = await timed("push-job claims", () =>
      wallet.claimPushJobs(at, LEASE_MS, PUSH_BATCH),
    );
    if (jobs.length === 0) break;
    await timed("push targets", () => wallet.pushTargets(jobs.map((job) => job.cardId)));
    await timed("outcomes", () =>
      wallet.finishPushJobs(
        jobs.map((job) => ({ job, outcome: { kind: "done" }, reached: true, failures: 0, at })),
      ),
    );
    pushed += jobs.length;
  }
  await services.storage.close();
  if (recipients !== CARDS || pushed !== CARDS)
    throw new Error(`${recipients} recipients, ${pushed} pushes for ${CARDS} cards`);
  const perThousand = (ms: number) => Number(((ms * 1000) / CARDS).toFixed(1));
  printTable(
    `Campaign fan-out on SQLite by phase, ${CARDS.toLocaleString("en-US")} cards: CPU ms per 1,000 passes`,
    [
      {
        ...Object.fromEntries(Object.entries(spent).map(([phase, ms]) => [phase, perThousand(ms)])),
        total: perThousand(Object.values(spent).reduce((a, b) => a + b, 0)),
      },
    ],
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
