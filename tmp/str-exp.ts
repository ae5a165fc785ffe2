import { readTable, withDuckDb } from "../server/offline";
const N = Number(process.env.N ?? 10_000_000);
const tablePath = `/tmp/exp/cards_${N}`;
await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
  const rel = await readTable({ tablePath, connection });
  const latest = `SELECT l.* FROM ${rel.sql} l SEMI JOIN (SELECT card_id, max(updated_at) AS m FROM ${rel.sql} GROUP BY 1) m ON l.card_id = m.card_id AND l.updated_at = m.m`;
  const t = async (label: string, sql: string) => { const s = performance.now(); await connection.run(sql); console.log(label, ((performance.now() - s) / 1000).toFixed(2)); };
  await t("latest count", `SELECT count(*) FROM (${latest})`);
  await t("latest sorted count", `SELECT count(*) FROM (SELECT * FROM (${latest}) ORDER BY card_id)`);
  await t("text cols", `SELECT sum(length(CAST(card_id AS VARCHAR)) + length(card_type) + length(CAST(credit_limit AS VARCHAR)) + length(CAST(is_premium AS VARCHAR)) + length(strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ'))) FROM (${latest})`);
  await t("json line", `SELECT sum(length(to_json([CAST(card_id AS VARCHAR)])::VARCHAR || chr(9) || '[' || CAST(epoch_us(updated_at) AS VARCHAR) || ',' || coalesce(to_json(card_type)::VARCHAR, 'null') || ',' || coalesce(to_json(CAST(credit_limit AS VARCHAR))::VARCHAR, 'null') || ',' || coalesce(to_json(CAST(is_premium AS VARCHAR))::VARCHAR, 'null') || ',' || coalesce(to_json(strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ'))::VARCHAR, 'null') || ']')) FROM (${latest})`);
  await t("to_json list", `SELECT sum(length(to_json([CAST(epoch_us(updated_at) AS VARCHAR), card_type, CAST(credit_limit AS VARCHAR), CAST(is_premium AS VARCHAR), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ')])::VARCHAR)) FROM (${latest})`);
  await t("concat_ws plain", `SELECT sum(length(concat_ws(chr(31), CAST(card_id AS VARCHAR), CAST(epoch_us(updated_at) AS VARCHAR), card_type, CAST(credit_limit AS VARCHAR), CAST(is_premium AS VARCHAR), strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ')))) FROM (${latest})`);
});
