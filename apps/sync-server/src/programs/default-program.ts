import { randomUUID } from "node:crypto";
import { DEFAULT_LIMITS, type Program, parseProgram } from "@stamp/core";

/** A new merchant's first program: 1 stamp per order, 10 stamps → the reward; unattended channels held back. */
export function defaultProgram(merchantId: string, rewardTitle = "Free coffee"): Program {
  const parsed = parseProgram({
    id: randomUUID(),
    merchantId,
    name: "Stamp card",
    version: 1,
    design: {
      background: "#3b2417",
      foreground: "#fff8f0",
      accent: "#e0a458",
      stampIcon: "coffee",
    },
    goal: 10,
    earning: { kind: "per-order", stampsPerOrder: 1 },
    reward: { kind: "simple", title: rewardTitle },
    limits: { ...DEFAULT_LIMITS, channels: [...DEFAULT_LIMITS.channels] },
    locales: ["en"],
  });
  if (!parsed.ok) throw new Error(`default program is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}
