import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { queryJsonRows, withDuckDb } from "@/server/offline";
import { stageSpine, SpineError } from "./materialize";
import type { TFeatureViewPlan } from "./plan";

// An uploaded spine's event times are instants whatever their offsets: `Z`, `+02:00`, `-05:30` and epoch
// milliseconds mixed in one CSV or JSON-lines file all land on the instant they name (the rule ingest uses).

const plan = {
  servingKeys: [{ name: "k" }],
  requestParameters: [],
  featureTypes: [],
  labels: [],
} as unknown as TFeatureViewPlan;
const INSTANT = Date.parse("2024-03-01T08:00:00Z");
const WRITTEN = ["2024-03-01T08:00:00Z", "2024-03-01T10:00:00+02:00", "2024-03-01T02:30:00-05:30", String(INSTANT)];

const stagedInstants = async (fileName: string, content: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "larder-spine-"));
  const file = path.join(dir, fileName);
  writeFileSync(file, content);
  return withDuckDb({ memoryLimit: "256MB", threads: 1 }, async (connection) => {
    await stageSpine({
      connection,
      plan,
      spine: { kind: "file", path: file, format: fileName.endsWith(".csv") ? "csv" : "jsonl", eventTime: "ts" },
    } as Parameters<typeof stageSpine>[0]);
    const rows = await queryJsonRows(connection, "SELECT k, epoch_ms(ts) AS ms FROM _larder_spine ORDER BY rowid");
    return rows.map((row) => ({ k: Number(row.k), ms: Number(row.ms) }));
  });
};

describe("uploaded spines keep the instant of every offset", () => {
  it("CSV with offsets and epoch ms mixed", async () => {
    const csv = `k,ts\n${WRITTEN.map((ts, index) => `${index},${ts}`).join("\n")}\n`;
    expect(await stagedInstants("spine.csv", csv)).toEqual(WRITTEN.map((_, k) => ({ k, ms: INSTANT })));
  });

  it("CSV with offsets only (sniffed as TIMESTAMP WITH TIME ZONE)", async () => {
    const csv = `k,ts\n${WRITTEN.slice(0, 3)
      .map((ts, index) => `${index},${ts}`)
      .join("\n")}\n`;
    expect(await stagedInstants("spine.csv", csv)).toEqual([0, 1, 2].map((k) => ({ k, ms: INSTANT })));
  });

  it("JSON lines with Z and +02:00 mixed", async () => {
    const jsonl = WRITTEN.slice(0, 3)
      .map((ts, k) => JSON.stringify({ k, ts }))
      .join("\n");
    expect(await stagedInstants("spine.jsonl", jsonl)).toEqual([0, 1, 2].map((k) => ({ k, ms: INSTANT })));
  });

  it("refuses event times no store can hold, naming the column", async () => {
    const csv = "k,ts\n0,2024-03-01T08:00:00Z\n1,0000-01-01T00:00:00Z\n2,2026-02-30T00:00:00Z\n";
    await expect(stagedInstants("spine.csv", csv)).rejects.toThrow(SpineError);
  });
});
