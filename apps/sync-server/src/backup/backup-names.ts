/** Backups are named by kind and UTC time, so names sort by age: `daily-20261205T031500Z.db`. */
export type BackupKind = "daily" | "manual" | "before-restore";

const STAMP = /^(daily|manual|before-restore)-(\d{8}T\d{6}Z)\.db$/;

export function backupFileName(kind: BackupKind, atMs: number): string {
  const stamp = new Date(atMs)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `${kind}-${stamp}.db`;
}

/** When a backup file of ours was made, from its name; null for any other file. */
export function backupTime(name: string): { kind: BackupKind; atMs: number } | null {
  const match = STAMP.exec(name);
  if (!match) return null;
  const s = match[2] as string;
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;
  return { kind: match[1] as BackupKind, atMs: Date.parse(iso) };
}
