import { closeSync, openSync, readSync } from "node:fs";
import Database from "better-sqlite3";

/**
 * The pages a commit wrote to a WAL, by the table or index they belong to (issue 13: the WAL's
 * bytes per batch are the commit's CPU and most of its system time). `mark()` before a round,
 * `count()` after it: the valid frames past the mark (those of the WAL's current salt) are the
 * round's. A round during which the WAL restarted is not counted (null).
 */
export class WalPages {
  readonly #file: string;
  #salt = "";
  #frames = 0;
  readonly #pages = new Map<number, number>();
  #rounds = 0;
  #written = 0;

  constructor(databaseFile: string) {
    this.#file = `${databaseFile}-wal`;
  }

  /** The valid frames' page numbers, in order, and the WAL's salt. */
  #read(): { salt: string; pages: number[] } {
    const fd = openSync(this.#file, "r");
    try {
      const header = Buffer.alloc(32);
      if (readSync(fd, header, 0, 32, 0) < 32) return { salt: "", pages: [] };
      const pageSize = header.readUInt32BE(8);
      const salt = header.subarray(16, 24).toString("hex");
      const frame = Buffer.alloc(24);
      const pages: number[] = [];
      for (let at = 32; readSync(fd, frame, 0, 24, at) === 24; at += 24 + pageSize) {
        if (frame.subarray(8, 16).toString("hex") !== salt) break;
        pages.push(frame.readUInt32BE(0));
      }
      return { salt, pages };
    } finally {
      closeSync(fd);
    }
  }

  mark(): void {
    const { salt, pages } = this.#read();
    this.#salt = salt;
    this.#frames = pages.length;
  }

  count(): void {
    const { salt, pages } = this.#read();
    if (salt !== this.#salt) return;
    this.#rounds++;
    for (const page of pages.slice(this.#frames)) {
      this.#written++;
      this.#pages.set(page, (this.#pages.get(page) ?? 0) + 1);
    }
  }

  /** Frames per round by b-tree (dbstat), most first; call once the rounds are done. */
  report(databaseFile: string): string {
    const db = new Database(databaseFile, { readonly: true });
    const owner = new Map<number, string>();
    for (const row of db.prepare("SELECT name, pageno FROM dbstat").all() as {
      name: string;
      pageno: number;
    }[])
      owner.set(row.pageno, row.name);
    db.close();
    const by = new Map<string, number>();
    for (const [page, frames] of this.#pages) {
      const name = owner.get(page) ?? (page === 1 ? "header" : "free/other");
      by.set(name, (by.get(name) ?? 0) + frames);
    }
    const per = (n: number) => (n / this.#rounds).toFixed(1);
    return [
      `wal-pages rounds=${this.#rounds} framesPerRound=${per(this.#written)}`,
      ...[...by].sort((a, b) => b[1] - a[1]).map(([name, n]) => `  ${per(n).padStart(7)} ${name}`),
    ].join("\n");
  }
}
