import "server-only";
import type { TVersionAction } from "../principal";
import { recordValueRead, viewSourceProjectIds } from "../audit/record";
import { getEnv } from "../env";
import { readJsonBody } from "../http/read-body";
import { getOnlineStore } from "../online-store";
import { SERVING_MAX_BODY_BYTES } from "./server";
import { serveVectors, type TVectorResult } from "./vectors";

/**
 * The console's same-origin vector route (`/api/v1/…/feature-views/{name}/{version}/vector`): the same code as
 * the feature server, in the web process, so "Try it" works without the serving port. Unlike the feature
 * server's hot path (metrics, not audit rows, at thousands of requests a second), a person reading values
 * here is audited like the online-rows preview.
 */
export const serveConsoleVector = async ({
  request,
  ctx,
  access,
  name,
  version,
}: TVersionAction & { request: Request }) => {
  const body = await readJsonBody(request, SERVING_MAX_BODY_BYTES);
  const { body: result, featureView } = await serveVectors({
    access,
    name,
    version,
    body,
    batch: false,
    store: getOnlineStore(),
    maxBatch: getEnv().LARDER_SERVING_MAX_BATCH,
  });
  await recordValueRead({
    ctx,
    project: access.project,
    action: "featureData.read",
    resourceType: "featureView",
    resourceId: featureView.id,
    resourceName: `${featureView.name} v${featureView.version}`,
    details: { name: featureView.name, version: featureView.version, via: "online-vector" },
    itemProjectIds: await viewSourceProjectIds(featureView.id),
  });
  // A single vector request (batch: false) answers one vector, with the training dataset when metadata is asked for.
  return result as TVectorResult & { trainingDataset?: { name: string; version: number } | null };
};
