import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_KINDS } from "./webhook-events";
import { samplePayload } from "./webhook-samples";

describe("webhook samples", () => {
  it("exist for every kind, made by the code that makes real messages", () => {
    for (const kind of WEBHOOK_EVENT_KINDS)
      expect(samplePayload(kind, 1_795_000_000_000), kind).toMatchObject({
        type: kind,
        timestamp: "2026-11-18T11:06:40.000Z",
        data:
          kind === "campaign.sent"
            ? { merchantId: "00000000-0000-4000-8000-000000000001", recipients: 1200 }
            : kind === "customer.erased"
              ? {
                  cardId: "00000000-0000-4000-8000-000000000003",
                  erasedAt: "2026-11-18T11:06:40.000Z",
                }
              : kind === "fraud.flagged"
                ? { merchantId: "00000000-0000-4000-8000-000000000001", reason: "burst-till" }
                : { cardId: "00000000-0000-4000-8000-000000000003" },
      });
  });
});
