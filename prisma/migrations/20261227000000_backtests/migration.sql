-- Backtests of a new feature group or feature view version against the one it replaces (docs/backtesting.md).

CREATE TABLE "Backtest" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "featureGroupId" TEXT,
  "featureViewId" TEXT,
  "baselineVersion" INTEGER NOT NULL,
  "window" JSONB NOT NULL,
  "report" JSONB NOT NULL,
  "jobId" TEXT,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Backtest_pkey" PRIMARY KEY ("id"),
  -- A backtest is kept with exactly one new version: a feature group's or a feature view's.
  CONSTRAINT "Backtest_one_target" CHECK (("featureGroupId" IS NULL) <> ("featureViewId" IS NULL))
);
CREATE UNIQUE INDEX "Backtest_jobId_key" ON "Backtest"("jobId");
CREATE INDEX "Backtest_featureGroupId_createdAt_idx" ON "Backtest"("featureGroupId", "createdAt");
CREATE INDEX "Backtest_featureViewId_createdAt_idx" ON "Backtest"("featureViewId", "createdAt");
ALTER TABLE "Backtest" ADD CONSTRAINT "Backtest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Backtest" ADD CONSTRAINT "Backtest_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Backtest" ADD CONSTRAINT "Backtest_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Backtest" ADD CONSTRAINT "Backtest_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE SET NULL ON UPDATE CASCADE;
