import { ConfigError, MAKE_SECRETS_KEY } from "../../config";
import { SecretSeal } from "../../secrets/secret-seal";
import { checkSecretName, type SecretStore } from "../store";
import type { PgContext } from "./pg-context";

interface SealedRow {
  readonly sealed: string;
  readonly version: number;
}

/**
 * The signing keys every instance on the database uses, sealed with SECRETS_KEY (see SecretSeal).
 * The first instance to need one creates it (INSERT … ON CONFLICT DO NOTHING, then read back), so
 * instances starting together agree; a replacement holds the row, so rotations take turns.
 * Without a SECRETS_KEY every use fails with how to make one (the config refuses to start first).
 */
export function pgSecrets(context: PgContext, key: Uint8Array | null): SecretStore {
  const seal = key ? new SecretSeal(key) : null;
  const sealing = (): SecretSeal => {
    if (!seal)
      throw new ConfigError(
        `SECRETS_KEY is required with DATABASE_URL (the signing keys are kept in the database, sealed with it): ${MAKE_SECRETS_KEY}`,
      );
    return seal;
  };
  const read = async (name: string) => {
    const [row] = await context.query<SealedRow>(
      "secret-read",
      "SELECT sealed, version FROM sealed_secrets WHERE name = $1",
      [checkSecretName(name)],
    );
    return row
      ? { value: await sealing().open(name, row.sealed), version: String(row.version) }
      : null;
  };
  return {
    async readOrCreate(name, create) {
      const existing = await read(name);
      if (existing) return existing.value;
      const sealed = await sealing().seal(name, await create());
      await context.query(
        "secret-create",
        "INSERT INTO sealed_secrets (name, sealed, version) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING",
        [name, sealed],
      );
      const created = await read(name);
      if (!created) throw new Error(`secret ${name} vanished while it was made`);
      return created.value;
    },
    read,
    async version(name) {
      const [row] = await context.query<{ version: number }>(
        "secret-version",
        "SELECT version FROM sealed_secrets WHERE name = $1",
        [checkSecretName(name)],
      );
      return row ? String(row.version) : null;
    },
    replace: (name, change) =>
      context.transaction(async (tx) => {
        const [row] = await tx.query<SealedRow>(
          "secret-hold",
          "SELECT sealed, version FROM sealed_secrets WHERE name = $1 FOR UPDATE",
          [checkSecretName(name)],
        );
        if (!row) throw new Error(`no secret ${name} to replace`);
        const next = await change(await sealing().open(name, row.sealed));
        await tx.query(
          "secret-replace",
          "UPDATE sealed_secrets SET sealed = $2, version = version + 1 WHERE name = $1",
          [name, await sealing().seal(name, next)],
        );
        return next;
      }),
  };
}
