import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as schedules from "@/app/api/history/schedules/route";
import * as schedule from "@/app/api/history/schedules/[targetId]/route";
import { db } from "@/lib/db";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const put = (targetId: string, body: unknown) =>
  schedule.PUT(
    authedRequest(`http://test/api/history/schedules/${targetId}`, { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    ctx({ targetId }),
  );
const del = (targetId: string) => schedule.DELETE(authedRequest(`http://test/api/history/schedules/${targetId}`, { method: "DELETE" }), ctx({ targetId }));

let id: string;
beforeAll(async () => {
  id = (await db.target.create({ data: { name: "Schedule API target", role: "primary", baseUrl: "http://127.0.0.1:9/v1", model: "ok", environmentLabel: "staging" } })).id;
});

describe("schedules API", () => {
  it("sets a weekday schedule and previews it in words with the next slots", async () => {
    const res = await put(id, { cron: "0 9 * * 1-5", enabled: true });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ targetId: id, cron: "0 9 * * 1-5", enabled: true, preview: "At 09:00, Monday through Friday (UTC)" });
    expect(body.nextSlots).toHaveLength(3);
    for (const s of body.nextSlots) {
      const d = new Date(s);
      expect([d.getUTCHours(), d.getUTCMinutes()]).toEqual([9, 0]);
      expect([0, 6]).not.toContain(d.getUTCDay());
    }
    const row = await db.target.findUniqueOrThrow({ where: { id } });
    expect([row.scheduleCron, row.scheduleEnabled]).toEqual(["0 9 * * 1-5", true]);
    const list = await (await schedules.GET(authedRequest("http://test/api/history/schedules"), ctx({} as Record<string, never>))).json();
    expect(list.items.find((s: { targetId: string }) => s.targetId === id).preview).toMatch(/Monday through Friday/);
  });

  it("rejects what the scheduler could not run, with the field named", async () => {
    for (const body of [{ cron: "every monday", enabled: true }, { cron: "*/5 * * * * *", enabled: true }, { cron: null, enabled: true }, { cron: "0 9 * * *" }]) {
      const res = await put(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()).error;
      expect(err.code).toBe("bad_request");
      expect(err.issues[0].path).toMatch(/cron|enabled/);
    }
  });

  it("pausing keeps the expression; an unknown target is a 404", async () => {
    const res = await put(id, { cron: "0 9 * * 1-5", enabled: false });
    expect(await res.json()).toMatchObject({ enabled: false, cron: "0 9 * * 1-5", nextSlots: [] });
    expect((await put("no-such-target", { cron: null, enabled: false })).status).toBe(404);
  });

  it("DELETE removes the schedule and audits it; deleting again is harmless; an unknown target is a 404", async () => {
    await put(id, { cron: "0 9 * * 1", enabled: true });
    const res = await del(id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ targetId: id, cron: null, enabled: false, nextSlots: [] });
    const row = await db.target.findUniqueOrThrow({ where: { id } });
    expect([row.scheduleCron, row.scheduleEnabled]).toEqual([null, false]);
    const audit = await db.auditEvent.findFirst({ where: { subjectId: id, action: "schedule_removed" } });
    expect(audit?.detail).toMatch(/Schedule API target/);
    expect((await del(id)).status).toBe(200);
    expect((await del("no-such-target")).status).toBe(404);
  });
});
