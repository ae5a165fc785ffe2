import { spawnSync } from "node:child_process";
import { createReadStream, rmSync } from "node:fs";
import { readTable, withDuckDb } from "../server/offline";
const N = Number(process.env.N ?? 10_000_000);
const tablePath = `/tmp/exp/cards_${N}`;
const mode = process.argv[2] ?? "fifo";
const out = `/tmp/exp/lines.${mode}`;
rmSync(out, { force: true });
if (mode === "fifo") spawnSync("mkfifo", [out]);
await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
  const rel = await readTable({ tablePath, connection });
  const latest = `SELECT l.* FROM ${rel.sql} l SEMI JOIN (SELECT card_id, max(updated_at) AS m FROM ${rel.sql} GROUP BY 1) m ON l.card_id = m.card_id AND l.updated_at = m.m`;
  const line = `to_json([CAST(card_id AS VARCHAR)])::VARCHAR || chr(9) || '[' || CAST(epoch_us(updated_at) AS VARCHAR) || ',' || coalesce(to_json(card_type)::VARCHAR, 'null') || ',' || coalesce(to_json(CAST(credit_limit AS VARCHAR))::VARCHAR, 'null') || ',' || coalesce(to_json(CAST(is_premium AS VARCHAR))::VARCHAR, 'null') || ',' || coalesce(to_json(strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ'))::VARCHAR, 'null') || ']'`;
  const s = performance.now();
  const copy = connection.run(`COPY (SELECT ${line} AS line FROM (${latest}) ORDER BY card_id) TO '${out}' (FORMAT csv, HEADER false, QUOTE '\x01', ESCAPE '\x01', DELIMITER '\x02', USE_TMP_FILE false)`);
  if (mode !== "fifo") { await copy; console.log("copy done", ((performance.now() - s) / 1000).toFixed(2)); }
  let lines = 0, rest = "", sample = "";
  for await (const chunk of createReadStream(out, { highWaterMark: 1 << 20, encoding: "utf8" })) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const p of parts) { const tab = p.indexOf("\t"); const key = JSON.parse(p.slice(0, tab)); if (lines === 5) sample = p; lines++; }
  }
  await copy;
  console.log(mode, lines, sample, ((performance.now() - s) / 1000).toFixed(2));
});
