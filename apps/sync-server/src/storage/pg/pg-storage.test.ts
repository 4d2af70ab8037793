import { freshPostgresDatabase } from "../../../test/test-postgres";
import { storageContract } from "../contract/storage-contract";
import { openPgStorage } from "./pg-storage";

storageContract({
  name: "PostgreSQL",
  async fresh() {
    const database = await freshPostgresDatabase();
    return {
      open: () => openPgStorage(database.url),
      drop: () => database.drop(),
    };
  },
});
