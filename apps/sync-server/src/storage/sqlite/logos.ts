import type { Program } from "@stamp/core";
import { and, eq } from "drizzle-orm";
import { logoOf, logoRowOf } from "../logo-rows";
import type { LogoStore } from "../logo-store";
import * as t from "../schema";
import { saveProgramVersion } from "./program-version";
import type { SqliteContext } from "./sqlite-context";

/** Programs' logos on SQLite; a change saves the program's next version in the same transaction. */
export function sqliteLogos({ db, write, log }: SqliteContext): LogoStore {
  return {
    async setProgramLogo(merchantId, programId, logo, now) {
      return write(() => {
        const row = db
          .select({ body: t.programs.body })
          .from(t.programs)
          .where(and(eq(t.programs.id, programId), eq(t.programs.merchantId, merchantId)))
          .get();
        if (!row) return { kind: "not-found" } as const;
        const program = JSON.parse(row.body) as Program;
        const current = db
          .select({ hash: t.programLogos.hash })
          .from(t.programLogos)
          .where(eq(t.programLogos.programId, programId))
          .get();
        if ((current?.hash ?? null) === (logo?.hash ?? null))
          return { kind: "unchanged", version: program.version } as const;
        db.delete(t.programLogos).where(eq(t.programLogos.programId, programId)).run();
        if (logo)
          db.insert(t.programLogos)
            .values(logoRowOf(merchantId, programId, logo, now))
            .run();
        const version = program.version + 1;
        if (!saveProgramVersion({ db, log }, { ...program, version }, program.version, now))
          throw new Error(`program ${programId} changed inside its own transaction`);
        return { kind: "changed", version } as const;
      });
    },

    async programLogo(programId) {
      const row = db
        .select()
        .from(t.programLogos)
        .where(eq(t.programLogos.programId, programId))
        .get();
      return row ? logoOf(row) : null;
    },
  };
}
