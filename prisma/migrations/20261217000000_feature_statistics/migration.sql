-- Statistics per commit and per training dataset split (docs/statistics.md): the documents the statistics job
-- computes, the per-group configuration, and the latest commit's completeness for the catalog list.
ALTER TABLE "FeatureGroup" ADD COLUMN "statisticsConfig" JSONB;
ALTER TABLE "FeatureGroup" ADD COLUMN "statisticsCompleteness" DOUBLE PRECISION;

CREATE TABLE "FeatureStatistics" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "featureGroupId" TEXT,
    "deltaVersion" INTEGER,
    "windowStart" TIMESTAMPTZ(3),
    "windowEnd" TIMESTAMPTZ(3),
    "trainingDatasetId" TEXT,
    "split" TEXT,
    "rowCount" BIGINT NOT NULL,
    "document" JSONB NOT NULL,
    "jobId" TEXT,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeatureStatistics_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "FeatureStatistics_subjectKey_key" ON "FeatureStatistics"("subjectKey");
CREATE INDEX "FeatureStatistics_featureGroupId_deltaVersion_idx" ON "FeatureStatistics"("featureGroupId", "deltaVersion");
CREATE INDEX "FeatureStatistics_trainingDatasetId_idx" ON "FeatureStatistics"("trainingDatasetId");

ALTER TABLE "FeatureStatistics" ADD CONSTRAINT "FeatureStatistics_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FeatureStatistics" ADD CONSTRAINT "FeatureStatistics_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FeatureStatistics" ADD CONSTRAINT "FeatureStatistics_trainingDatasetId_fkey" FOREIGN KEY ("trainingDatasetId") REFERENCES "TrainingDataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
