-- Serving observability and served-vector logging (docs/serving-observability.md): per-minute serving metrics per
-- feature view, the per-view logging rate, and the staging table of sampled served vectors.
ALTER TABLE "FeatureView" ADD COLUMN "servedVectorLogRate" DOUBLE PRECISION NOT NULL DEFAULT 0;

CREATE TABLE "ServingMetricMinute" (
    "id" BIGSERIAL NOT NULL,
    "featureViewId" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "vectors" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "clientErrors" INTEGER NOT NULL,
    "latencyBuckets" INTEGER[],
    "latencySumMs" DOUBLE PRECISION NOT NULL,
    "groups" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServingMetricMinute_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ServingMetricMinute_featureViewId_minute_idx" ON "ServingMetricMinute"("featureViewId", "minute");
CREATE INDEX "ServingMetricMinute_minute_idx" ON "ServingMetricMinute"("minute");

ALTER TABLE "ServingMetricMinute" ADD CONSTRAINT "ServingMetricMinute_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ServedVectorLog" (
    "id" BIGSERIAL NOT NULL,
    "featureViewId" TEXT NOT NULL,
    "servedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "values" JSONB NOT NULL,

    CONSTRAINT "ServedVectorLog_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ServedVectorLog_featureViewId_id_idx" ON "ServedVectorLog"("featureViewId", "id");

ALTER TABLE "ServedVectorLog" ADD CONSTRAINT "ServedVectorLog_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;
