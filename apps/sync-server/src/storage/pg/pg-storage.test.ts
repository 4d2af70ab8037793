import { freshPostgresDatabase } from "../../../test/test-postgres";
import { TEST_SECRETS_KEY } from "../../../test/test-server";
import { CONTRACT_SNAPSHOTS, storageContract } from "../contract/storage-contract";
import { openPgStorage } from "./pg-storage";

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
      drop: () => database.drop(),
    };
  },
});
