/**
 * The program editor's form as a merchant fills it in: a lottery earned by amount (in euros), with
 * no seed and no prize ids (the server makes both). Tests change or add what they look at.
 */
export const LOTTERY_EDITOR_FORM = {
  name: "Coffee card",
  goal: "8",
  locales: ["en", "he"],
  "locales.default": "en",
  "design.background": "#112233",
  "design.foreground": "#ffffff",
  "design.accent": "#ff8800",
  "design.stampIcon": "star",
  "earning.kind": "by-amount",
  "earning.amount": "4.50",
  "earning.currency": "EUR",
  "reward.kind": "lottery",
  "reward.title": "Mystery treat",
  "reward.redemption.method": "staff",
  "reward.prizes.0.title": "Muffin",
  "reward.prizes.0.weight": "3",
  "reward.prizes.1.title": "Latte",
  "reward.prizes.1.weight": "1",
  "limits.channels": ["kiosk", "autopilot"],
  "limits.cooldownSeconds": "300",
};
