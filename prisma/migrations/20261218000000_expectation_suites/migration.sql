-- Data validation (docs/validation.md): a feature group's expectation suite, and the report every run leaves.
CREATE TABLE "ExpectationSuite" (
    "featureGroupId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,

    CONSTRAINT "ExpectationSuite_pkey" PRIMARY KEY ("featureGroupId")
);

CREATE TABLE "ValidationReport" (
    "id" TEXT NOT NULL,
    "featureGroupId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "written" BOOLEAN,
    "jobId" TEXT,
    "deltaVersion" INTEGER,
    "rowCount" BIGINT NOT NULL DEFAULT 0,
    "results" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "ValidationReport_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ValidationReport_featureGroupId_createdAt_idx" ON "ValidationReport"("featureGroupId", "createdAt");
CREATE INDEX "ValidationReport_jobId_idx" ON "ValidationReport"("jobId");

ALTER TABLE "ExpectationSuite" ADD CONSTRAINT "ExpectationSuite_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ValidationReport" ADD CONSTRAINT "ValidationReport_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
