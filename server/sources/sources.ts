import "server-only";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { db } from "../db/client";
import { getEnv } from "../env";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent, withAuditEvent } from "../audit/record";
import { createFeatureGroup, getFeatureGroupRow } from "../registry/feature-groups";
import { creatorEmail } from "../registry/users";
import { enqueueJob } from "../jobs/enqueue";
import { sourceIngestJobContract } from "../jobs/contracts";
import { inferSchema } from "../ingest/infer";
import { formatFromFileName, normalizeColumnName } from "../ingest/formats";
import type { TProjectAccess, TRequestContext } from "../principal";
import {
  ZCreateDataSourceSchema,
  ZFeatureGroupFromSourceSchema,
  type TCreateDataSource,
  type TDataSource,
  type TFeatureGroupFromSource,
  type TSourceColumn,
} from "@/lib/api/data-sources";
import { describePgSource, SourceConnectionError, sourceRelation } from "./postgres";
import { sealSecret } from "./secret-box";

// Data sources (docs/data-sources.md). The connection password is sealed (secret-box.ts) into its own column and
// never leaves this room except into a connection; answers say only whether there is one.

export type TPgConfig = {
  host: string;
  port: number;
  database: string;
  user: string;
  table: string | null;
  query: string | null;
  columns: TSourceColumn[];
};
export type TFileConfig = { path: string; format: "csv" | "parquet"; columns: TSourceColumn[] };

const INCLUDE = {
  featureGroups: {
    select: {
      watermarkColumn: true,
      lastWatermark: true,
      lastIngestAt: true,
      featureGroup: { select: { name: true, version: true } },
    },
  },
} as const;

type TSourceRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;
const findRow = (projectId: string, name: string) =>
  db.dataSource.findFirst({ where: { projectId, name }, include: INCLUDE });

const toDataSource = (row: TSourceRow, createdBy: string | null = null): TDataSource => {
  const pgConfig = row.kind === "postgres" ? (row.config as TPgConfig) : null;
  const fileConfig = row.kind === "file" ? (row.config as TFileConfig) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind as TDataSource["kind"],
    connection: pgConfig
      ? {
          host: pgConfig.host,
          port: pgConfig.port,
          database: pgConfig.database,
          user: pgConfig.user,
          hasPassword: row.secret !== null,
        }
      : null,
    table: pgConfig?.table ?? null,
    query: pgConfig?.query ?? null,
    path: fileConfig?.path ?? null,
    format: fileConfig?.format ?? null,
    columns: (pgConfig ?? fileConfig)!.columns,
    featureGroups: row.featureGroups.map((link) => ({
      name: link.featureGroup.name,
      version: link.featureGroup.version,
      watermarkColumn: link.watermarkColumn,
      lastWatermark: link.lastWatermark,
      lastIngestAt: link.lastIngestAt?.toISOString() ?? null,
    })),
    createdAt: row.createdAt.toISOString(),
    createdBy,
  };
};

const getDataSourceRow = async ({ access, name }: { access: TProjectAccess; name: string }) => {
  const row = await findRow(access.project.id, name);
  if (!row) throw new NotFoundError(`Data source '${name}' not found`);
  return row;
};

export const getDataSource = async (args: { access: TProjectAccess; name: string }) => {
  const row = await getDataSourceRow(args);
  return toDataSource(row, await creatorEmail(row));
};

export const findDataSources = async ({ access }: { access: TProjectAccess }) =>
  (
    await db.dataSource.findMany({
      where: { projectId: access.project.id },
      include: INCLUDE,
      orderBy: { name: "asc" },
    })
  ).map((row) => toDataSource(row));

/** Source column names as feature names (normalized, made distinct). */
const asColumns = (described: { sourceName: string; type: TSourceColumn["type"] }[]): TSourceColumn[] => {
  const seen = new Set<string>();
  return described.map((column) => {
    let name = normalizeColumnName(column.sourceName);
    while (seen.has(name)) name = `${name}_2`;
    seen.add(name);
    return { name, sourceName: column.sourceName, type: column.type };
  });
};

/** A file under one of LARDER_SOURCE_DIRS (symbolic links resolved first), or 422 naming `path`. */
const allowedFile = async (requested: string): Promise<string> => {
  const refuse = (message: string) => new InvalidInputError(message, [{ path: "path", message }]);
  if (!path.isAbsolute(requested)) throw refuse("must be an absolute path");
  const allowed = getEnv()
    .LARDER_SOURCE_DIRS.split(",")
    .map((dir) => dir.trim())
    .filter(Boolean);
  if (!allowed.length)
    throw refuse("no directory is allowed for file sources (an administrator sets LARDER_SOURCE_DIRS)");
  const real = await realpath(requested).catch(() => null);
  const roots = await Promise.all(allowed.map((dir) => realpath(path.resolve(dir)).catch(() => null)));
  const inside = real && roots.some((root) => root && (real === root || real.startsWith(root + path.sep)));
  // The same answer for a missing file and one outside the allowed directories: no probing of the server's files.
  if (!real || !inside) throw refuse("is not a file under the directories allowed for data sources");
  const info = await stat(real);
  if (!info.isFile()) throw refuse("is not a file under the directories allowed for data sources");
  return real;
};

const describeFile = async (input: { path: string; format?: "csv" | "parquet" }) => {
  const filePath = await allowedFile(input.path);
  const format = input.format ?? formatFromFileName(filePath);
  if (format !== "csv" && format !== "parquet")
    throw new InvalidInputError("Unsupported file type", [{ path: "format", message: "must be csv or parquet" }]);
  try {
    const inferred = await inferSchema({ filePath, format, fileName: path.basename(filePath) });
    return {
      filePath,
      format,
      columns: inferred.inferredFeatures.map(({ name, sourceName, type }) => ({ name, sourceName, type })),
    };
  } catch (error) {
    if (error instanceof InvalidInputError)
      throw new InvalidInputError(error.message, [{ path: "path", message: error.message }]);
    throw error;
  }
};

/** 422 naming the field a connection problem is about (never the password itself). */
const asInputError = (error: unknown): unknown =>
  error instanceof SourceConnectionError
    ? new InvalidInputError(`Could not read the data source: ${error.message}`, [
        { path: error.field, message: error.message },
      ])
    : error;

/** Registers a source after reading its schema from it: a source that cannot be read is refused, nothing saved. */
export const createDataSource = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateDataSource;
}) => {
  const spec = ZCreateDataSourceSchema.parse(input);
  const projectId = access.project.id;
  if (await db.dataSource.findFirst({ where: { projectId, name: spec.name }, select: { id: true } }))
    throw new ConflictError(`Data source '${spec.name}' already exists`);
  const id = newId("src");
  let config: TPgConfig | TFileConfig;
  let secret: Buffer | null = null;
  if (spec.kind === "postgres") {
    const { password, ...connection } = spec.connection;
    const relation = sourceRelation({ table: spec.table ?? null, query: spec.query ?? null });
    const described = await describePgSource(spec.connection, relation).catch((error) => {
      throw asInputError(error);
    });
    config = { ...connection, table: spec.table ?? null, query: spec.query ?? null, columns: asColumns(described) };
    secret = password ? sealSecret({ secret: password, sourceId: id }) : null;
  } else {
    const file = await describeFile(spec);
    config = { path: file.filePath, format: file.format, columns: file.columns };
  }
  await withAuditEvent(
    (tx) =>
      tx.dataSource.create({
        data: {
          id,
          projectId,
          name: spec.name,
          description: spec.description,
          kind: spec.kind,
          config,
          secret: secret ? new Uint8Array(secret) : null,
          createdById: ctx.principal.userId,
        },
      }),
    () => ({
      ctx,
      project: access.project,
      action: "dataSource.create",
      resourceType: "dataSource",
      resourceId: id,
      resourceName: spec.name,
      details: { kind: spec.kind, columns: config.columns.length },
    }),
  );
  return getDataSource({ access, name: spec.name });
};

export const deleteDataSource = async ({
  ctx,
  access,
  name,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
}) => {
  const row = await getDataSourceRow({ access, name });
  if (row.featureGroups.length)
    throw new ConflictError(
      `Data source '${name}' fills ${row.featureGroups.map((link) => `${link.featureGroup.name} v${link.featureGroup.version}`).join(", ")}; delete those feature groups first`,
    );
  await withAuditEvent(
    (tx) => tx.dataSource.delete({ where: { id: row.id } }),
    () => ({
      ctx,
      project: access.project,
      action: "dataSource.delete",
      resourceType: "dataSource",
      resourceId: row.id,
      resourceName: name,
    }),
  );
};

/** A feature group whose schema is the source's columns, linked to it; optionally its first ingest queued. */
export const createFeatureGroupFromSource = async ({
  ctx,
  access,
  name,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  input: TFeatureGroupFromSource;
}) => {
  const spec: z.infer<typeof ZFeatureGroupFromSourceSchema> = ZFeatureGroupFromSourceSchema.parse(input);
  const source = await getDataSourceRow({ access, name });
  const columns = (source.config as TPgConfig | TFileConfig).columns;
  const known = new Set(columns.map((column) => column.name));
  const issues = [
    ...spec.primaryKey.flatMap((key, index) =>
      known.has(key) ? [] : [{ path: `primaryKey.${index}`, message: `'${key}' is not a column of the source` }],
    ),
    ...(["eventTime", "watermarkColumn"] as const).flatMap((field) =>
      spec[field] && !known.has(spec[field]!)
        ? [{ path: field, message: `'${spec[field]}' is not a column of the source` }]
        : [],
    ),
  ];
  if (source.kind === "file" && spec.watermarkColumn)
    issues.push({ path: "watermarkColumn", message: "file sources are read whole each time (no watermark)" });
  if (issues.length) throw new InvalidInputError("The feature group does not fit the source", issues);
  const group = await createFeatureGroup({
    ctx,
    access,
    input: {
      name: spec.name,
      version: spec.version,
      description: spec.description || `From data source ${source.name}`,
      primaryKey: spec.primaryKey,
      eventTime: spec.eventTime,
      onlineEnabled: spec.onlineEnabled,
      ttlSeconds: spec.ttlSeconds,
      features: columns.map((column) => ({ name: column.name, type: column.type, description: "" })),
    },
  });
  await db.featureGroupSource.create({
    data: { featureGroupId: group.id, dataSourceId: source.id, watermarkColumn: spec.watermarkColumn ?? null },
  });
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "dataSource.link",
    resourceType: "featureGroup",
    resourceId: group.id,
    resourceName: `${group.name} v${group.version}`,
    details: { dataSource: source.name, watermarkColumn: spec.watermarkColumn ?? null },
  });
  if (spec.ingest)
    await enqueueJob({
      ctx,
      access,
      type: sourceIngestJobContract.type,
      payload: { featureGroupId: group.id },
      featureGroupId: group.id,
    });
  return group;
};

/** Queues an ingest of a feature group from its data source (409 when the group has none). */
export const enqueueSourceIngest = async ({
  ctx,
  access,
  name,
  version,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: number;
}) => {
  const group = await getFeatureGroupRow({ access, intent: "write", name, version });
  const link = await db.featureGroupSource.findUnique({ where: { featureGroupId: group.id } });
  if (!link) throw new ConflictError(`Feature group '${name}' version ${version} has no data source`);
  return enqueueJob({
    ctx,
    access,
    type: sourceIngestJobContract.type,
    payload: { featureGroupId: group.id },
    featureGroupId: group.id,
  });
};
