import { describe, expect, it } from "vitest";
import { checkCardCode } from "../cards/card-check";
import { CARD, MERCHANT, makeKeys, makeProgram, makeVerifier, PROGRAM } from "../testing/fixtures";
import { keystrokes, usbGap } from "./fixtures";
import { WedgeDetector } from "./wedge-detector";
import type { WedgeOptions } from "./wedge-options";

/** No rotating barcode here: the clock only matters to those (stamp-core SPEC K11). */
const NOW = Date.parse("2026-12-05T17:00:00Z");

const keys = await makeKeys("k1");
const program = makeProgram();
const verifier = await makeVerifier(keys, [program]);
const claims = { cardId: CARD, programId: PROGRAM, merchantId: MERCHANT };

/** What Autopilot reads from a scanner typing `text` (the whole burst, then Enter). */
function scanned(
  text: string,
  typing: { capsLock: boolean; followsCapsLock?: boolean },
  options: Partial<WedgeOptions> = {},
): string {
  const detector = new WedgeDetector(options);
  const events = keystrokes(text, { ...typing, gap: usbGap, suffix: "Enter" }).flatMap(
    (record) => detector.keydown(record).events,
  );
  const scan = events.find((e) => e.kind === "scan");
  if (scan?.kind !== "scan") throw new Error(`no scan in ${JSON.stringify(events)}`);
  return scan.code;
}

describe("Autopilot reads the compact card code whatever the letter case (stamp-core SPEC K7)", () => {
  it("with Caps Lock on, from a scanner that sends capitals without Shift", async () => {
    const code = await keys.signScan(claims);
    const read = scanned(code, { capsLock: true, followsCapsLock: true });
    // The decoder reads key positions and Shift: every capital arrives lower-cased.
    expect(read).toBe(code.toLowerCase());
    expect(await checkCardCode(read, verifier, NOW)).toEqual({ ok: true, cardId: CARD, program });
  });

  it('with Caps Lock on and capsLock: "follow", from a scanner that sends Shift', async () => {
    const code = await keys.signScan(claims);
    const read = scanned(code, { capsLock: true }, { capsLock: "follow" });
    expect(read).toBe(code.toLowerCase());
    expect(await checkCardCode(read, verifier, NOW)).toEqual({ ok: true, cardId: CARD, program });
  });

  it("an original-format code mangled the same way is named as a scanner problem", async () => {
    const old = await keys.sign(claims);
    const read = scanned(old, { capsLock: true, followsCapsLock: true });
    expect(read).not.toBe(old);
    expect(await checkCardCode(read, verifier, NOW)).toEqual({
      ok: false,
      refusal: { kind: "case-changed" },
    });
  });
});
