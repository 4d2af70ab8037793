/**
 * `tsx bench/seed-month.ts <stamp.db> <merchantId>`: a month of a café's activity (three locations,
 * ~6,000 events of ~420 customers, ending today) appended through the store next to a running
 * server on the same SQLite file — for the dashboard's screenshots (e2e dashboard-screenshots.ts).
 */
import { randomUUID } from "node:crypto";
import { openSqliteStorage } from "../src/storage/sqlite/sqlite-storage";
import { seedActivity } from "./seed-activity";

const DAY = 86_400_000;
const [file, merchantId] = process.argv.slice(2) as [string, string];
const storage = openSqliteStorage(file);
try {
  const { store } = storage;
  const [main] = await store.listLocations(merchantId);
  const [program] = await store.listPrograms(merchantId);
  if (!main || !program) throw new Error(`no merchant ${merchantId} in ${file}`);
  await store.renameLocation(merchantId, main.id, "Olive Street", Date.now());
  const locationIds = [main.id];
  for (const name of ["Station kiosk", "Market stall"]) {
    const id = randomUUID();
    await store.createLocation({ ...main, id, name, createdAt: Date.now() });
    locationIds.push(id);
  }
  await seedActivity(store, {
    merchantId,
    program: program.program,
    serverDeviceId: (await store.getServerDevice(merchantId)).id,
    locationIds,
    events: 6_000,
    cards: 420,
    end: Math.floor(Date.now() / DAY) * DAY,
    days: 30,
  });
} finally {
  await storage.close();
}
