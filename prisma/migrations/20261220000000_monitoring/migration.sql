-- Drift and freshness monitoring, alerts and webhooks (docs/monitoring.md).

ALTER TABLE "FeatureGroup" ADD COLUMN "freshnessSlaSeconds" INTEGER;
ALTER TABLE "FeatureGroup" ADD COLUMN "freshnessAlertedAt" TIMESTAMPTZ(3);
ALTER TABLE "FeatureGroup" ADD COLUMN "freshnessEventTime" TIMESTAMPTZ(3);

CREATE TABLE "Monitor" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "featureGroupId" TEXT,
  "featureViewId" TEXT,
  "spec" JSONB NOT NULL,
  "scheduleId" TEXT,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Monitor_pkey" PRIMARY KEY ("id"),
  -- A monitor watches exactly one feature group or one feature view.
  CONSTRAINT "Monitor_one_target" CHECK (("featureGroupId" IS NULL) <> ("featureViewId" IS NULL))
);
CREATE UNIQUE INDEX "Monitor_scheduleId_key" ON "Monitor"("scheduleId");
CREATE UNIQUE INDEX "Monitor_projectId_name_key" ON "Monitor"("projectId", "name");
CREATE INDEX "Monitor_featureGroupId_idx" ON "Monitor"("featureGroupId");
CREATE INDEX "Monitor_featureViewId_idx" ON "Monitor"("featureViewId");
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Monitor" ADD CONSTRAINT "Monitor_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "MonitorRun" (
  "id" TEXT NOT NULL,
  "monitorId" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "jobId" TEXT,
  "detectionStart" TIMESTAMPTZ(3),
  "detectionEnd" TIMESTAMPTZ(3),
  "detectionLabel" TEXT NOT NULL,
  "detectionRows" INTEGER NOT NULL,
  "referenceLabel" TEXT NOT NULL,
  "referenceRows" INTEGER NOT NULL,
  "results" JSONB NOT NULL,
  "breaches" INTEGER NOT NULL,
  "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "MonitorRun_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MonitorRun_jobId_key" ON "MonitorRun"("jobId");
CREATE INDEX "MonitorRun_monitorId_computedAt_idx" ON "MonitorRun"("monitorId", "computedAt");
ALTER TABLE "MonitorRun" ADD CONSTRAINT "MonitorRun_monitorId_fkey" FOREIGN KEY ("monitorId") REFERENCES "Monitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Alert" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "severity" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "message" TEXT NOT NULL,
  "link" TEXT,
  "details" JSONB NOT NULL DEFAULT '{}',
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "acknowledgedAt" TIMESTAMPTZ(3),
  CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Alert_projectId_createdAt_idx" ON "Alert"("projectId", "createdAt");
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Webhook" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "url" TEXT NOT NULL,
  "secret" TEXT NOT NULL,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Webhook_projectId_idx" ON "Webhook"("projectId");
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
