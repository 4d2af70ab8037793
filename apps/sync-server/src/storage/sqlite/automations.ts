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
import * as t from "../schema";
import type { SqliteContext } from "./sqlite-context";

type AutomationRow = Parameters<typeof automationOf>[0];

/** Automations and the start of their runs on SQLite (one writer: a run starts once). */
export function sqliteAutomations({ db, client, write }: SqliteContext): AutomationStore {
  return {
    async listAutomations(merchantId, programId) {
      return client
        .prepare<[string, string], AutomationRow>(
          "SELECT * FROM automations WHERE merchant_id = ? AND program_id = ? ORDER BY kind",
        )
        .all(merchantId, programId)
        .map(automationOf);
    },

    async saveAutomation(automation) {
      return write(() => {
        const owned = client
          .prepare("SELECT 1 FROM programs WHERE id = ? AND merchant_id = ?")
          .get(automation.programId, automation.merchantId);
        if (!owned) return false;
        client
          .prepare(
            `INSERT INTO automations (id, merchant_id, program_id, kind, enabled, message, settings,
               updated_at, next_run_at)
             VALUES (@id, @merchantId, @programId, @kind, @enabled, @message, @settings, @updatedAt,
               @nextRunAt)
             ON CONFLICT (program_id, kind) DO UPDATE SET enabled = excluded.enabled,
               message = excluded.message, settings = excluded.settings,
               updated_at = excluded.updated_at,
               next_run_at = CASE WHEN automations.enabled = 0 AND excluded.enabled = 1
                 THEN excluded.next_run_at ELSE automations.next_run_at END`,
          )
          .run({
            id: automation.id,
            merchantId: automation.merchantId,
            programId: automation.programId,
            kind: automation.rule.kind,
            enabled: automation.enabled ? 1 : 0,
            message: JSON.stringify(automation.message),
            settings: JSON.stringify(automation.rule.settings),
            updatedAt: automation.updatedAt,
            nextRunAt: automation.nextRunAt,
          });
        return true;
      });
    },

    async startAutomationRuns(now, plan) {
      return write(() => {
        const due = client
          .prepare<[number], AutomationRow>(
            `SELECT * FROM automations WHERE enabled = 1 AND next_run_at <= ?
             ORDER BY next_run_at LIMIT 100`,
          )
          .all(now)
          .map(automationOf);
        for (const automation of due) {
          const run = plan(automation);
          db.insert(t.campaigns).values(campaignValues(run.campaign)).onConflictDoNothing().run();
          client
            .prepare("UPDATE automations SET next_run_at = ? WHERE id = ?")
            .run(run.nextRunAt, automation.id);
        }
        return due.length;
      });
    },

    async listAutomationSends(merchantId, automationId, limit) {
      return client
        .prepare<[string, string, number], Parameters<typeof automationSendOf>[0]>(
          AUTOMATION_SENDS(["?", "?", "?"]),
        )
        .all(merchantId, automationId, limit)
        .map(automationSendOf);
    },

    async listTreatSends(since, after, limit) {
      return client
        .prepare<unknown[], Parameters<typeof treatSendOf>[0]>(
          TREAT_SENDS(["?", "?", "?", "?", "?", "?"]),
        )
        .all(since, ...treatSendsAfter(after), limit)
        .map(treatSendOf);
    },
  };
}
