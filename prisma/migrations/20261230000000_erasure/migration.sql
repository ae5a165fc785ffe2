-- Erasure of an entity's data (docs/erasure.md): requests, the filters that keep erased keys out of re-ingests, the
-- point after which a job may no longer be cancelled, and what an erasure did to a training dataset.

CREATE TABLE "ErasureRequest" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'QUEUED',
  "datasetPolicy" TEXT NOT NULL,
  "keyColumns" TEXT[],
  "keyCount" INTEGER NOT NULL,
  "keyDigests" TEXT[],
  "allGroups" BOOLEAN NOT NULL DEFAULT false,
  "featureGroupIds" TEXT[],
  "note" TEXT NOT NULL DEFAULT '',
  "keyValues" JSONB,
  "working" JSONB,
  "steps" JSONB NOT NULL DEFAULT '{}',
  "jobId" TEXT,
  "report" TEXT,
  "reportSha256" TEXT,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "completedAt" TIMESTAMPTZ(3),
  "closedAt" TIMESTAMPTZ(3),
  "closedById" TEXT,
  CONSTRAINT "ErasureRequest_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ErasureRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ErasureRequest_projectId_createdAt_idx" ON "ErasureRequest"("projectId", "createdAt");

CREATE TABLE "ErasureFilter" (
  "requestId" TEXT NOT NULL,
  "featureGroupId" TEXT NOT NULL,
  "keyColumns" TEXT[],
  "keyDigests" TEXT[],
  CONSTRAINT "ErasureFilter_pkey" PRIMARY KEY ("requestId", "featureGroupId"),
  CONSTRAINT "ErasureFilter_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ErasureRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ErasureFilter_featureGroupId_idx" ON "ErasureFilter"("featureGroupId");

ALTER TABLE "Job" ADD COLUMN "cancelRefusal" TEXT;

ALTER TABLE "TrainingDataset" ADD COLUMN "erasureRequestId" TEXT;
ALTER TABLE "TrainingDataset" ADD COLUMN "erasureState" TEXT;
