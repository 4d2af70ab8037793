import { deviceApi } from "../../apps/kiosk/src/api/device-api";
import { parsePairAnswer } from "../../apps/kiosk/src/device/device-config";
import type { Merchant, StampServer } from "./stamp-server";
import { tillStamps } from "./till-stamps";

/** Another till of the location, stamping through the kiosk's own API code. */
export async function otherTill(server: StampServer, merchant: Merchant) {
  const api = deviceApi((input, init) => fetch(input, init), server.url);
  const paired = await api.pair(await server.pairingCode(merchant.locationId), "Back", "staff");
  if (paired.kind !== "ok") throw new Error(paired.kind);
  const till = parsePairAnswer(paired.body);
  if (!till.ok) throw new Error(till.problem);
  const stamp = tillStamps(till.config.deviceId, merchant);
  let cursor: string | null = null;
  /** One stamp on `cardId`, pushed: its event's id once the server stored it. */
  return async (cardId: string): Promise<string> => {
    const event = stamp(cardId);
    const answer = await api.sync(till.config.token, { cursor, events: [event] });
    if (answer.kind !== "ok") throw new Error(`push: ${answer.kind}`);
    cursor = (answer.body as { cursor: string }).cursor;
    return event.id;
  };
}
