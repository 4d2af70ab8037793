import { describe, expect, it } from "vitest";
import { iconSvg, stripSvg } from "./pass-artwork";
import { PassImageRenderer } from "./pass-images";
import { STAMP_ICON_NAMES } from "./wallet-input";

const colors = { background: "#fff", foreground: "#111111", label: "#333333", stamp: "#e63946" };
const count = (svg: string, needle: string) => svg.split(needle).length - 1;

describe("pass artwork", () => {
  it.each([1, 7, 10, 50])("draws %i stamp slots and fills the earned ones", (goal) => {
    const svg = stripSvg({ colors, stampIcon: "star", stampGoal: goal }, 3);
    expect(count(svg, "<circle ")).toBe(goal);
    expect(count(svg, 'fill="#e63946"')).toBe(Math.min(3, goal));
  });

  it("never fills more slots than the goal", () => {
    const svg = stripSvg({ colors, stampIcon: "heart", stampGoal: 5 }, 9);
    expect(count(svg, 'fill="#e63946"')).toBe(5);
  });

  it("renders every built-in icon to PNG at Apple's sizes", () => {
    const renderer = new PassImageRenderer(64);
    for (const stampIcon of STAMP_ICON_NAMES) {
      const style = { colors, stampIcon, stampGoal: 10 };
      expect(iconSvg(style)).toContain("<g color=");
      const strip = renderer.strip(style, 4, 3);
      const icon = renderer.icon(style, 2);
      expect([strip.readUInt32BE(16), strip.readUInt32BE(20)]).toEqual([1125, 369]);
      expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([58, 58]);
    }
  });
});
