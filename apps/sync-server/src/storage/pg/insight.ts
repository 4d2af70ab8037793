import {
  DASHBOARD_QUERIES,
  dashboardFacts,
  dashboardQueries,
  type Row,
} from "../../insight/dashboard-sql";
import type { InsightStore } from "../insight-store";
import type { PgContext } from "./pg-context";

const POSTGRES = {
  param: (n: number) => `$${n}`,
};

/** The dashboard's figures on PostgreSQL: its queries at once, in one read-only snapshot. */
export function pgInsight(context: PgContext): InsightStore {
  return {
    async dashboardFacts(merchantId, query) {
      const queries = dashboardQueries(POSTGRES, merchantId, query);
      return context.transaction(async (tx) => {
        await tx.client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const rows: Partial<Record<(typeof DASHBOARD_QUERIES)[number], Row[]>> = {};
        for (const name of DASHBOARD_QUERIES)
          rows[name] = (await tx.client.query<Row>(queries[name].text, queries[name].values)).rows;
        return dashboardFacts(rows as Record<(typeof DASHBOARD_QUERIES)[number], Row[]>);
      });
    },
  };
}
