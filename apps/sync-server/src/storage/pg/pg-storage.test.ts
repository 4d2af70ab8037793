import { freshPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { CONTRACT_SNAPSHOTS, storageContract } from "../contract/storage-contract";
import { openPgStorage } from "./pg-storage";
import { withPgClient } from "./with-pg-client";

storageContract({
  name: "PostgreSQL",
  async fresh() {
    const database = await freshPostgresDatabase("migrated");
    return {
      open: () =>
        openPgStorage(database.url, {
          secretsKey: TEST_SECRETS_KEY,
          snapshots: CONTRACT_SNAPSHOTS,
        }),
      sql: (statements) =>
        withPgClient(database.url, async (client) => {
          for (const statement of statements) await client.query(statement);
        }),
      drop: () => database.drop(),
    };
  },
});
