import "server-only";
import { db } from "../db/client";
import { InvalidInputError } from "../errors";
import type { TProjectAccess } from "../principal";
import { queryJsonRows, quoteLiteral, readTable, withDuckDb } from "../offline";
import type { TSpine } from "@/lib/api/training-datasets";
import { resolveReadableFeatureGroup } from "./access";
import { stageSpine, SpineError } from "./materialize";
import type { TFeatureViewPlan } from "./plan";
import { eventTimeSql } from "./pit-join";

// A new training dataset's spine, checked against its feature view before anything is recorded.

/** A source commit a training dataset pins: the feature group version and the Delta commit it reads. */
export type TPin = {
  featureGroupId: string;
  featureGroupName: string;
  featureGroupVersion: number;
  alias: string;
  role: string;
  tablePath: string;
  deltaVersion: number;
};

/** Checks the spine against the view (422 naming what is missing) and returns the spine's pin, if any. */
export const validateSpine = async ({
  access,
  plan,
  spine,
  pins,
}: {
  access: TProjectAccess;
  plan: TFeatureViewPlan;
  spine: TSpine;
  pins: TPin[];
}): Promise<TPin | null> => {
  try {
    if (spine.type === "upload") {
      const upload = await db.upload.findFirst({ where: { id: spine.uploadId, projectId: access.project.id } });
      if (!upload)
        throw new InvalidInputError("Unknown upload", [
          { path: "spine.uploadId", message: `upload '${spine.uploadId}' not found; upload the spine file first` },
        ]);
      await withDuckDb({ memoryLimit: "256MB" }, (connection) =>
        stageSpine({
          connection,
          plan,
          spine: { kind: "file", path: upload.path, format: upload.format as "csv", eventTime: spine.eventTime },
        }),
      );
      return null;
    }
    if (spine.type === "featureGroup") {
      const group = await resolveReadableFeatureGroup({ access, ref: spine.featureGroup });
      if (!group)
        throw new InvalidInputError("Unknown feature group", [
          {
            path: "spine.featureGroup",
            message: `Feature group '${spine.featureGroup.name}' version ${spine.featureGroup.version} not found`,
          },
        ]);
      const eventTime = spine.eventTime ?? group.eventTime;
      if (!eventTime)
        throw new InvalidInputError("The spine has no event time", [
          {
            path: "spine.eventTime",
            message: `${group.name} v${group.version} has no event time; name the spine's event-time column`,
          },
        ]);
      await withDuckDb({ memoryLimit: "256MB" }, (connection) =>
        stageSpine({
          connection,
          plan,
          spine: {
            kind: "table",
            tablePath: group.tablePath,
            version: Math.max(0, group.deltaVersion),
            eventTime,
            orderBy: [eventTime, ...group.primaryKey],
          },
        }),
      );
      return {
        featureGroupId: group.id,
        featureGroupName: group.name,
        featureGroupVersion: group.version,
        alias: "_spine",
        role: "spine",
        tablePath: group.tablePath,
        deltaVersion: Math.max(0, group.deltaVersion),
      };
    }
    // A time range must select at least one root row at the pinned version.
    const root = plan.sources[0];
    const rootPin = pins.find((pin) => pin.alias === root.alias)!;
    const et = eventTimeSql(`t."${root.eventTime!.column.replaceAll('"', '""')}"`, root.eventTime!.type);
    const count = await withDuckDb({ memoryLimit: "256MB" }, async (connection) => {
      const relation = await readTable({
        tablePath: rootPin.tablePath,
        asOf: { version: rootPin.deltaVersion },
        connection,
      });
      const where = [
        spine.start ? `${et} >= CAST(${quoteLiteral(spine.start)} AS TIMESTAMPTZ)` : "TRUE",
        spine.end ? `${et} < CAST(${quoteLiteral(spine.end)} AS TIMESTAMPTZ)` : "TRUE",
      ].join(" AND ");
      return Number(
        (
          await queryJsonRows(
            connection,
            `SELECT count(*) AS n FROM (SELECT 1 FROM ${relation.sql} AS t WHERE ${where} LIMIT 1)`,
          )
        )[0].n,
      );
    });
    if (count === 0)
      throw new InvalidInputError("The time range is empty", [
        {
          path: "spine",
          message: `${root.name} v${root.version} has no rows with event time in [${spine.start ?? "-∞"}, ${spine.end ?? "∞"}) at commit ${rootPin.deltaVersion}`,
        },
      ]);
    return null;
  } catch (error) {
    if (error instanceof SpineError)
      throw new InvalidInputError(error.message, [{ path: error.field, message: error.message }]);
    throw error;
  }
};
