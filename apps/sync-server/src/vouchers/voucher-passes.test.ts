import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { type Reward, verifyVoucherScanCode } from "@stamp/core";
import { openVerifiedPass } from "@stamp/pass-builder/testing";
import { describe, expect, it } from "vitest";
import { call, enroll, startPosTestServer } from "../../test/fixtures";

const { server, key } = await startPosTestServer();
const { programId, merchantId } = server.seed;

async function useProgram(reward: Reward, voucherBarcode: boolean): Promise<void> {
  const current = await call(server, "GET", `/api/v1/programs/${programId}`, { token: key });
  const saved = await call(server, "PUT", `/api/v1/programs/${programId}`, {
    token: key,
    body: { ...current.json, goal: 2, reward, wallet: { voucherBarcode } },
  });
  expect(saved.status, saved.text).toBe(200);
}

async function cardWithReward() {
  const card = await enroll(server, key, programId);
  const stamped = await call(server, "POST", "/api/v1/stamps", {
    token: key,
    body: { card: card.cardId, count: 2 },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(stamped.json.rewardsReady).toBe(1);
  return card;
}

async function applePass(cardId: string) {
  const response = await fetch(`${server.url}/passes/${cardId}.pkpass`);
  expect(response.status).toBe(200);
  const opened = await openVerifiedPass(
    Buffer.from(await response.arrayBuffer()),
    join(server.dataDir, "certs", "dev-ca.pem"),
  );
  return opened.passJson as unknown as PassJson;
}

interface Field {
  readonly key: string;
  readonly value: string;
  readonly changeMessage?: string;
}

/** The parts of pass.json these tests read. */
interface PassJson {
  readonly barcodes: [{ format: string; message: string; altText: string }];
  readonly storeCard: { backFields: Field[]; secondaryFields: [Field, Field] };
}

const backField = (pass: PassJson, key: string) =>
  pass.storeCard.backFields.find((f) => f.key === key);

describe("rewards on the wallet cards", () => {
  it("a staff-scan voucher: details on the back, its own signed code in front when the merchant chose so; the pkpass verifies", async () => {
    await useProgram(
      { kind: "voucher", title: "Free cake", redemption: { method: "staff" } },
      true,
    );
    const card = await cardWithReward();
    const pass = await applePass(card.cardId);
    expect(pass.barcodes[0].format).toBe("PKBarcodeFormatQR");
    const keys = await server.services.cardKeys.forMerchant(merchantId);
    const verified = await verifyVoucherScanCode(
      pass.barcodes[0].message,
      keys.keyring,
      globalThis.crypto.subtle,
    );
    expect(verified).toMatchObject({ ok: true, claims: { voucherId: `${card.cardId}:1` } });
    expect(pass.barcodes[0].altText).toBe("Free cake");
    expect(backField(pass, "voucher-1")?.value).toMatch(/^Free cake\nEarned /);
    expect(backField(pass, "notice")).toMatchObject({
      value: "You earned: Free cake",
      changeMessage: "%@",
    });
    expect(pass.storeCard.secondaryFields[1]).toMatchObject({ value: "Ready: Free cake" });
  });

  it("without the option, and once the reward is used, the card code is back in front", async () => {
    await useProgram(
      {
        kind: "voucher",
        title: "10% off",
        redemption: { method: "code", format: "ean13", code: { kind: "generated" } },
      },
      false,
    );
    const card = await cardWithReward();
    const plain = await applePass(card.cardId);
    expect(plain.barcodes[0]).toMatchObject({ format: "PKBarcodeFormatQR", message: card.code });
    expect(backField(plain, "voucher-1")?.value).toMatch(/\nCode: 2\d{12}$/);

    await useProgram(
      {
        kind: "voucher",
        title: "10% off",
        redemption: { method: "code", format: "ean13", code: { kind: "generated" } },
      },
      true,
    );
    const code = (backField(plain, "voucher-1")?.value ?? "").split("Code: ")[1] ?? "";
    // Apple draws no EAN-13: its digits go into a Code 128.
    const shown = await applePass(card.cardId);
    expect(shown.barcodes[0]).toMatchObject({ format: "PKBarcodeFormatCode128", message: code });
    const redeemed = await call(server, "POST", "/api/v1/vouchers/redeem", {
      token: key,
      body: { code },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(redeemed.status).toBe(200);
    const after = await applePass(card.cardId);
    expect(after.barcodes[0]).toMatchObject({ format: "PKBarcodeFormatQR", message: card.code });
    expect(backField(after, "voucher-1")).toBeUndefined();
    expect(backField(after, "notice")).toBeUndefined();
  });

  it("a lottery prize shows on the card only once the customer revealed it", async () => {
    await useProgram(
      {
        kind: "lottery",
        title: "Lucky draw",
        seed: "seed-0123456789abcdef",
        prizes: [{ id: "cake", title: "Chocolate cake", weight: 1 }],
        redemption: { method: "self" },
      },
      false,
    );
    const card = await cardWithReward();
    const hidden = await applePass(card.cardId);
    expect(backField(hidden, "voucher-1")?.value).toMatch(/^Lucky draw: a prize is waiting/);
    expect(JSON.stringify(hidden)).not.toContain("Chocolate cake");
    const before = await server.services.wallet.store.getPass(card.cardId);
    expect(
      (await call(server, "POST", `/c/${card.cardId}/vouchers/1/reveal`, { body: {} })).status,
    ).toBe(200);
    const shown = await applePass(card.cardId);
    expect(backField(shown, "voucher-1")?.value).toMatch(/^Chocolate cake\n/);
    expect(backField(shown, "notice")?.value).toBe("You earned: Chocolate cake");
    const after = await server.services.wallet.store.getPass(card.cardId);
    expect(after?.updateSeq).toBeGreaterThan(before?.updateSeq ?? Number.POSITIVE_INFINITY);
  });
});
