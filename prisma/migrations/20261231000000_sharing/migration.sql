-- Sharing between projects (docs/sharing.md): a Share from a home project to a receiving project, of the whole
-- feature store (scope ALL) or of listed items (scope ITEMS, one ShareItem each), READ or READ_WRITE, with its
-- status and who decided when. server/access-where.ts reads these rows to widen what a project may read.
CREATE TABLE "Share" (
  "id" TEXT NOT NULL,
  "homeProjectId" TEXT NOT NULL,
  "receiverProjectId" TEXT NOT NULL,
  "scope" TEXT NOT NULL,
  "level" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'PENDING',
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "decidedById" TEXT,
  "decidedAt" TIMESTAMPTZ(3),
  "revokedById" TEXT,
  "revokedAt" TIMESTAMPTZ(3),
  CONSTRAINT "Share_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Share_not_self" CHECK ("homeProjectId" <> "receiverProjectId"),
  CONSTRAINT "Share_scope_check" CHECK ("scope" IN ('ALL', 'ITEMS')),
  CONSTRAINT "Share_level_check" CHECK ("level" IN ('READ', 'READ_WRITE')),
  CONSTRAINT "Share_status_check" CHECK ("status" IN ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED')),
  CONSTRAINT "Share_homeProjectId_fkey" FOREIGN KEY ("homeProjectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "Share_receiverProjectId_fkey" FOREIGN KEY ("receiverProjectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Share_receiverProjectId_status_idx" ON "Share"("receiverProjectId", "status");
CREATE INDEX "Share_homeProjectId_idx" ON "Share"("homeProjectId");
-- At most one live (pending or accepted) share of the whole store from one project to another.
CREATE UNIQUE INDEX "Share_live_all_key" ON "Share"("homeProjectId", "receiverProjectId")
  WHERE "scope" = 'ALL' AND "status" IN ('PENDING', 'ACCEPTED');

CREATE TABLE "ShareItem" (
  "id" TEXT NOT NULL,
  "shareId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "featureGroupId" TEXT,
  "featureViewId" TEXT,
  "trainingDatasetId" TEXT,
  CONSTRAINT "ShareItem_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ShareItem_one_target" CHECK (num_nonnulls("featureGroupId", "featureViewId", "trainingDatasetId") = 1),
  CONSTRAINT "ShareItem_shareId_fkey" FOREIGN KEY ("shareId") REFERENCES "Share"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ShareItem_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ShareItem_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ShareItem_trainingDatasetId_fkey" FOREIGN KEY ("trainingDatasetId") REFERENCES "TrainingDataset"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ShareItem_shareId_idx" ON "ShareItem"("shareId");
CREATE INDEX "ShareItem_featureGroupId_idx" ON "ShareItem"("featureGroupId");
CREATE INDEX "ShareItem_featureViewId_idx" ON "ShareItem"("featureViewId");
CREATE INDEX "ShareItem_trainingDatasetId_idx" ON "ShareItem"("trainingDatasetId");

-- An ingest by a READ_WRITE share's receiver runs as a job of the home project (where the data lives); the
-- receiver that asked for it is kept so that its job list shows it too. No foreign key: the job stays the home
-- project's when the requesting project is deleted.
ALTER TABLE "Job" ADD COLUMN "requestedByProjectId" TEXT;
CREATE INDEX "Job_requestedByProjectId_createdAt_idx" ON "Job"("requestedByProjectId", "createdAt");
