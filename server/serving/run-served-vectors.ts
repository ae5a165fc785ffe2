import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "../db/client";
import { featureViewWhere } from "../access-where";
import type { TFeatureViewPlan } from "../feature-views";
import {
  REQUEST_KEYS_COLUMN,
  servedVectorColumns,
  servedVectorTablePath,
  SERVED_AT_COLUMN,
  STATUS_COLUMN,
} from "./served-vector-table";
import {
  createDeltaTable,
  evolveSchema,
  featureTypeToDuckDb,
  loadSnapshot,
  quoteIdent,
  quoteLiteral,
  writeCommit,
} from "../offline";

// Moves a view's staged served vectors (ServedVectorLog) into its own offline Delta table, in batches: one append
// commit per batch carrying the Delta `txn` (appId below, version = the batch's last staged id), then the batch's
// staged rows are deleted. A re-run after a crash between the two finds the txn version in the table and deletes
// what was already written before reading on, so no vector is written twice (docs/serving-observability.md).

const TXN_APP_ID = "larder-served-vectors";
const BATCH_ROWS = 5_000;

export class ServedVectorsInputError extends Error {}

// Every value travels as text and is cast by DuckDB to the column's type (bigint strings stay exact).
const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
};

export const drainServedVectors = async ({
  projectId,
  featureViewId,
  signal,
  onBatch,
  batchRows = BATCH_ROWS,
}: {
  projectId: string;
  featureViewId: string;
  signal?: AbortSignal;
  /** Staged vectors per Delta commit. */
  batchRows?: number;
  onBatch?: (written: number) => void;
}) => {
  const view = await db.featureView.findFirst({
    where: { ...featureViewWhere({ projectId, intent: "read" }), id: featureViewId },
    select: { id: true, name: true, version: true, plan: true },
  });
  if (!view) throw new ServedVectorsInputError("The feature view no longer exists");
  const columns = servedVectorColumns(view.plan as unknown as TFeatureViewPlan);
  const tablePath = servedVectorTablePath({ projectId, featureViewId });

  // One drain per view at a time (two workers, or a scheduled and a queued job): a lock held for the drain.
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`served-vectors:${featureViewId}`}))::text`;
      if (!existsSync(path.join(tablePath, "_delta_log"))) {
        await mkdir(path.dirname(tablePath), { recursive: true });
        await createDeltaTable({
          tablePath,
          schema: columns,
          name: `served_vectors_${view.name}_v${view.version}`,
          description: `Vectors served for feature view ${view.name} v${view.version}, sampled by the feature server`,
        });
      }
      const snapshot = await loadSnapshot({ tablePath });
      // A table made before vectors logged the request's keys gets the column (older rows read NULL there).
      if (
        columns.some((column) => column.name === REQUEST_KEYS_COLUMN) &&
        !snapshot.schema.fields.some((field) => field.name === REQUEST_KEYS_COLUMN)
      )
        await evolveSchema({ tablePath, addColumns: [{ name: REQUEST_KEYS_COLUMN, type: "string" }] });
      const committed = snapshot.txnVersions.get(TXN_APP_ID) ?? 0;
      // Written by an attempt that stopped before it could delete them.
      await tx.servedVectorLog.deleteMany({ where: { featureViewId, id: { lte: BigInt(committed) } } });

      const scratch = path.join(os.tmpdir(), `larder-served-vectors-${randomUUID()}`);
      await mkdir(scratch, { recursive: true });
      let written = 0;
      let batches = 0;
      try {
        for (;;) {
          signal?.throwIfAborted();
          const rows = await tx.servedVectorLog.findMany({
            where: { featureViewId },
            orderBy: { id: "asc" },
            take: batchRows,
          });
          if (!rows.length) break;
          const file = path.join(scratch, `batch-${batches}.ndjson`);
          const lines = rows.map((row) => {
            const values = row.values as Record<string, unknown>;
            const line: Record<string, string | null> = {
              [SERVED_AT_COLUMN]: row.servedAt.toISOString(),
              [STATUS_COLUMN]: row.status,
            };
            for (const column of columns.slice(2)) line[column.name] = asText(values[column.name]);
            return JSON.stringify(line);
          });
          await writeFile(file, `${lines.join("\n")}\n`);
          const textColumns = columns.map((column) => `${quoteLiteral(column.name)}: 'VARCHAR'`).join(", ");
          const select = columns
            .map(
              (column) =>
                `CAST(j.${quoteIdent(column.name)} AS ${featureTypeToDuckDb(column.type)}) AS ${quoteIdent(column.name)}`,
            )
            .join(", ");
          const lastId = rows[rows.length - 1].id;
          await writeCommit({
            tablePath,
            mode: "append",
            sourceSql: `SELECT ${select} FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', columns = {${textColumns}}) AS j`,
            txn: { appId: TXN_APP_ID, version: Number(lastId) },
            commitInfo: { operation: "WRITE" },
            signal,
          });
          // Exactly the rows written: a row with a lower id whose insert committed after the read stays staged.
          await tx.servedVectorLog.deleteMany({ where: { featureViewId, id: { in: rows.map((row) => row.id) } } });
          written += rows.length;
          batches += 1;
          onBatch?.(written);
          await rm(file, { force: true });
        }
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
      return { written, batches };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
};
