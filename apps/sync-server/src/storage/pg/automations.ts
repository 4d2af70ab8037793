import {
  AUTOMATION_SENDS,
  type AutomationStore,
  automationOf,
  automationSendOf,
  TREAT_SENDS,
  treatSendOf,
  treatSendsAfter,
} from "../automation-store";
import { campaignValues } from "../campaign-rows";
import type { PgContext } from "./pg-context";
import * as t from "./schema";

type AutomationRow = Parameters<typeof automationOf>[0];

/** Automations and the start of their runs on PostgreSQL. */
export function pgAutomations({ query, transaction }: PgContext): AutomationStore {
  return {
    async listAutomations(merchantId, programId) {
      const rows = await query<AutomationRow>(
        "automations-list",
        "SELECT * FROM automations WHERE merchant_id = $1 AND program_id = $2 ORDER BY kind",
        [merchantId, programId],
      );
      return rows.map(automationOf);
    },

    async saveAutomation(automation) {
      const saved = await query(
        "automation-save",
        `INSERT INTO automations (id, merchant_id, program_id, kind, enabled, message, settings,
           updated_at, next_run_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
         WHERE EXISTS (SELECT 1 FROM programs WHERE id = $3 AND merchant_id = $2)
         ON CONFLICT (program_id, kind) DO UPDATE SET enabled = excluded.enabled,
           message = excluded.message, settings = excluded.settings,
           updated_at = excluded.updated_at,
           next_run_at = CASE WHEN automations.enabled = 0 AND excluded.enabled = 1
             THEN excluded.next_run_at ELSE automations.next_run_at END
         RETURNING id`,
        [
          automation.id,
          automation.merchantId,
          automation.programId,
          automation.rule.kind,
          automation.enabled ? 1 : 0,
          JSON.stringify(automation.message),
          JSON.stringify(automation.rule.settings),
          automation.updatedAt,
          automation.nextRunAt,
        ],
      );
      return saved.length === 1;
    },

    async startAutomationRuns(now, plan) {
      return transaction(async (tx) => {
        // SKIP LOCKED: instances starting runs at once each take other automations.
        const due = (
          await tx.query<AutomationRow>(
            "automations-due",
            `SELECT * FROM automations WHERE enabled = 1 AND next_run_at <= $1
             ORDER BY next_run_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
            [now],
          )
        ).map(automationOf);
        for (const automation of due) {
          const run = plan(automation);
          await tx.db
            .insert(t.campaigns)
            .values(campaignValues(run.campaign))
            .onConflictDoNothing();
          await tx.query(
            "automation-next-run",
            "UPDATE automations SET next_run_at = $1 WHERE id = $2",
            [run.nextRunAt, automation.id],
          );
        }
        return due.length;
      });
    },

    async listAutomationSends(merchantId, automationId, limit) {
      const rows = await query<Parameters<typeof automationSendOf>[0]>(
        "automation-sends",
        AUTOMATION_SENDS(["$1", "$2", "$3"]),
        [merchantId, automationId, limit],
      );
      return rows.map(automationSendOf);
    },

    async listTreatSends(since, after, limit) {
      const rows = await query<Parameters<typeof treatSendOf>[0]>(
        "treat-sends",
        TREAT_SENDS(["$1::bigint", "$2::bigint", "$3", "$4", "$5", "$6::int"]),
        [since, ...treatSendsAfter(after), limit],
      );
      return rows.map(treatSendOf);
    },
  };
}
