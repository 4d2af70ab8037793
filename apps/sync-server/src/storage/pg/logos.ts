import type { Program } from "@stamp/core";
import { and, eq } from "drizzle-orm";
import { logoOf, logoRowOf } from "../logo-rows";
import type { LogoStore } from "../logo-store";
import type { PgEventLog } from "./event-log";
import type { PgContext } from "./pg-context";
import { saveProgramVersion } from "./program-version";
import * as t from "./schema";

/** Programs' logos on PostgreSQL; a change saves the program's next version in the same transaction. */
export function pgLogos({ db, transaction }: PgContext, log: PgEventLog): LogoStore {
  return {
    async setProgramLogo(merchantId, programId, logo, now) {
      return transaction(async (tx) => {
        // The program row first, held until commit: logo changes and edits of one program queue.
        const [row] = await tx.db
          .select({ body: t.programs.body })
          .from(t.programs)
          .where(and(eq(t.programs.id, programId), eq(t.programs.merchantId, merchantId)))
          .for("update");
        if (!row) return { kind: "not-found" } as const;
        const program = JSON.parse(row.body) as Program;
        const [current] = await tx.db
          .select({ hash: t.programLogos.hash })
          .from(t.programLogos)
          .where(eq(t.programLogos.programId, programId));
        if ((current?.hash ?? null) === (logo?.hash ?? null))
          return { kind: "unchanged", version: program.version } as const;
        await tx.db.delete(t.programLogos).where(eq(t.programLogos.programId, programId));
        if (logo)
          await tx.db.insert(t.programLogos).values(logoRowOf(merchantId, programId, logo, now));
        const version = program.version + 1;
        if (!(await saveProgramVersion(tx, log, { ...program, version }, program.version, now)))
          throw new Error(`program ${programId} changed inside its own transaction`);
        return { kind: "changed", version } as const;
      });
    },

    async programLogo(programId) {
      const [row] = await db
        .select()
        .from(t.programLogos)
        .where(eq(t.programLogos.programId, programId));
      return row ? logoOf(row) : null;
    },
  };
}
