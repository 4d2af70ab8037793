import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ContractContext } from "./harness";

/** The signing keys' store and start-up's exclusive work: what instances on one database agree on. */
export function secretsContract(ctx: ContractContext): void {
  describe("secrets", () => {
    it("are created once: of processes racing to make one, the first wins and all read its value", async () => {
      const name = `contract-${randomUUID()}.key`;
      const made = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? ctx.a : ctx.b).secrets.readOrCreate(name, async () => `value ${i}`),
        ),
      );
      expect(new Set(made).size).toBe(1);
      expect(made[0]).toMatch(/^value \d$/);
      expect(await ctx.b.secrets.readOrCreate(name, async () => "later")).toBe(made[0]);
      expect((await ctx.a.secrets.read(name))?.value).toBe(made[0]);
      expect(await ctx.a.secrets.read(`contract-${randomUUID()}.key`)).toBeNull();
      expect(await ctx.a.secrets.version(`contract-${randomUUID()}.key`)).toBeNull();
    });

    it("are replaced one at a time, each replacement seen by every process with a new version", async () => {
      const name = `card-codes/${randomUUID()}.json`;
      await ctx.a.secrets.readOrCreate(name, async () => "[]");
      const before = await ctx.b.secrets.version(name);
      expect(before).not.toBeNull();
      const appended = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? ctx.a : ctx.b).secrets.replace(name, async (current) =>
            JSON.stringify([...(JSON.parse(current) as number[]), i]),
          ),
        ),
      );
      // No replacement was lost: each saw the one before it.
      const final = JSON.parse((await ctx.b.secrets.read(name))?.value ?? "[]") as number[];
      expect([...final].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(appended).toContain(JSON.stringify(final));
      const after = await ctx.a.secrets.read(name);
      expect(after?.version).not.toBe(before);
      expect(await ctx.b.secrets.version(name)).toBe(after?.version);
      await expect(
        ctx.a.secrets.replace(`contract-${randomUUID()}.key`, async () => "x"),
      ).rejects.toThrow(/no secret/);
    });

    it("have names that are plain paths", async () => {
      for (const name of ["../stamp.db", "/etc/passwd", "card-codes/../../x", ".hidden", ""])
        await expect(ctx.a.secrets.read(name), name).rejects.toThrow(/bad secret name/);
    });
  });

  describe("exclusive work", () => {
    it("runs one process's work of a name at a time; other names do not wait", async () => {
      const running = new Set<string>();
      let overlapped = false;
      const work = (who: string) => async () => {
        running.add(who);
        if (running.size > 1) overlapped = true;
        // Long enough for the other process to try to start.
        for (let i = 0; i < 5; i++) await ctx.b.secrets.version("nothing.key");
        running.delete(who);
        return who;
      };
      const name = `contract-${randomUUID()}`;
      const done = await Promise.all([
        ctx.a.exclusively(name, work("a1")),
        ctx.b.exclusively(name, work("b1")),
        ctx.a.exclusively(name, work("a2")),
        ctx.b.exclusively(name, work("b2")),
      ]);
      expect(done).toEqual(["a1", "b1", "a2", "b2"]);
      expect(overlapped).toBe(false);
      // A failure is the caller's, and frees the name.
      await expect(
        ctx.a.exclusively(name, async () => {
          throw new Error("seed failed");
        }),
      ).rejects.toThrow("seed failed");
      expect(await ctx.b.exclusively(name, async () => "after")).toBe("after");
      const other = await ctx.a.exclusively(name, () =>
        ctx.b.exclusively(`contract-${randomUUID()}`, async () => "inside"),
      );
      expect(other).toBe("inside");
    });
  });
}
