import {
  DASHBOARD_QUERIES,
  dashboardFacts,
  dashboardQueries,
  type Row,
} from "../../insight/dashboard-sql";
import type { InsightStore } from "../insight-store";
import type { SqliteContext } from "./sqlite-context";

const SQLITE = {
  param: (n: number) => `@p${n}`,
};

/** The dashboard's figures on SQLite, from the rollup, in one read. */
export function sqliteInsight({ client }: SqliteContext): InsightStore {
  return {
    async dashboardFacts(merchantId, query) {
      const queries = dashboardQueries(SQLITE, merchantId, query);
      return client.transaction(() =>
        dashboardFacts(
          Object.fromEntries(
            DASHBOARD_QUERIES.map((name) => [
              name,
              client
                .prepare(queries[name].text)
                .all(
                  Object.fromEntries(queries[name].values.map((v, i) => [`p${i + 1}`, v])),
                ) as Row[],
            ]),
          ) as Record<(typeof DASHBOARD_QUERIES)[number], Row[]>,
        ),
      )();
    },
  };
}
