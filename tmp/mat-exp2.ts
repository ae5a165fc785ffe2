import { readTable, withDuckDb } from "../server/offline";
const N = Number(process.env.N ?? 10_000_000);
const tablePath = `/tmp/exp/cards_${N}`;
await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
  const rel = await readTable({ tablePath, connection });
  const latest = `SELECT l.* FROM ${rel.sql} l SEMI JOIN (SELECT card_id, max(updated_at) AS m FROM ${rel.sql} GROUP BY 1) m ON l.card_id = m.card_id AND l.updated_at = m.m`;
  const two = `SELECT CAST(card_id AS VARCHAR) AS k, to_json([CAST(epoch_us(updated_at) AS VARCHAR), card_type, CAST(credit_limit AS VARCHAR), CAST(is_premium AS VARCHAR), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ')]) ::VARCHAR AS v FROM (${latest}) ORDER BY card_id`;
  let s = performance.now(); let n = 0;
  let res = await connection.stream(two);
  for (;;) { const c = await res.fetchChunk(); if (!c || c.rowCount === 0) break; const cols = c.getColumns(); n += cols[0].length; }
  console.log("two cols getColumns", n, ((performance.now() - s) / 1000).toFixed(2));
  s = performance.now(); n = 0;
  const batched = `SELECT b, string_agg(k, chr(31) ORDER BY card_id) AS keys, '[' || string_agg(v, ',' ORDER BY card_id) || ']' AS vals, max(card_id) AS last FROM (SELECT card_id, (row_number() OVER (ORDER BY card_id) - 1) // 500 AS b, CAST(card_id AS VARCHAR) AS k, to_json([CAST(epoch_us(updated_at) AS VARCHAR), card_type, CAST(credit_limit AS VARCHAR), CAST(is_premium AS VARCHAR), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ')])::VARCHAR AS v FROM (${latest})) GROUP BY b ORDER BY b`;
  res = await connection.stream(batched);
  let bytes = 0;
  for (;;) { const c = await res.fetchChunk(); if (!c || c.rowCount === 0) break; const cols = c.getColumns(); n += cols[0].length; for (const x of cols[2] as string[]) bytes += x.length; }
  console.log("batched", n, bytes, ((performance.now() - s) / 1000).toFixed(2));
});
