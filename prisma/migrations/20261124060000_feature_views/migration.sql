-- CreateTable
CREATE TABLE "FeatureView" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "spec" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FeatureView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeatureViewSource" (
    "id" TEXT NOT NULL,
    "featureViewId" TEXT NOT NULL,
    "featureGroupId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "leftAlias" TEXT,
    "leftOn" TEXT[],
    "rightOn" TEXT[],
    "prefix" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "FeatureViewSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingDataset" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "featureViewId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "format" TEXT NOT NULL,
    "spine" JSONB NOT NULL,
    "split" JSONB NOT NULL,
    "columns" JSONB NOT NULL DEFAULT '[]',
    "transformationStatistics" JSONB,
    "rowCount" BIGINT NOT NULL DEFAULT 0,
    "path" TEXT NOT NULL,
    "jobId" TEXT,
    "recreatedFromId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    CONSTRAINT "TrainingDataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingDatasetSplit" (
    "id" TEXT NOT NULL,
    "trainingDatasetId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rowCount" BIGINT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    CONSTRAINT "TrainingDatasetSplit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingDatasetSource" (
    "id" TEXT NOT NULL,
    "trainingDatasetId" TEXT NOT NULL,
    "featureGroupId" TEXT,
    "featureGroupName" TEXT NOT NULL,
    "featureGroupVersion" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tablePath" TEXT NOT NULL,
    "deltaVersion" INTEGER NOT NULL,
    CONSTRAINT "TrainingDatasetSource_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FeatureView_projectId_name_version_key" ON "FeatureView"("projectId", "name", "version");
CREATE UNIQUE INDEX "FeatureViewSource_featureViewId_alias_key" ON "FeatureViewSource"("featureViewId", "alias");
CREATE INDEX "FeatureViewSource_featureGroupId_idx" ON "FeatureViewSource"("featureGroupId");
CREATE UNIQUE INDEX "TrainingDataset_projectId_name_version_key" ON "TrainingDataset"("projectId", "name", "version");
CREATE INDEX "TrainingDataset_featureViewId_idx" ON "TrainingDataset"("featureViewId");
CREATE UNIQUE INDEX "TrainingDatasetSplit_trainingDatasetId_name_key" ON "TrainingDatasetSplit"("trainingDatasetId", "name");
CREATE UNIQUE INDEX "TrainingDatasetSource_trainingDatasetId_alias_key" ON "TrainingDatasetSource"("trainingDatasetId", "alias");
CREATE INDEX "TrainingDatasetSource_featureGroupId_idx" ON "TrainingDatasetSource"("featureGroupId");

-- AddForeignKey
ALTER TABLE "FeatureView" ADD CONSTRAINT "FeatureView_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FeatureViewSource" ADD CONSTRAINT "FeatureViewSource_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "FeatureViewSource" ADD CONSTRAINT "FeatureViewSource_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "TrainingDataset" ADD CONSTRAINT "TrainingDataset_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TrainingDataset" ADD CONSTRAINT "TrainingDataset_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TrainingDataset" ADD CONSTRAINT "TrainingDataset_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "TrainingDatasetSplit" ADD CONSTRAINT "TrainingDatasetSplit_trainingDatasetId_fkey" FOREIGN KEY ("trainingDatasetId") REFERENCES "TrainingDataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TrainingDatasetSource" ADD CONSTRAINT "TrainingDatasetSource_trainingDatasetId_fkey" FOREIGN KEY ("trainingDatasetId") REFERENCES "TrainingDataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TrainingDatasetSource" ADD CONSTRAINT "TrainingDatasetSource_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;
