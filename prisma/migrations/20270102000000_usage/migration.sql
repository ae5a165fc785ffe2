-- Usage per project (docs/usage.md): one row per (day, project, subject, metric), written by the `usage` job in one
-- transaction per day (a failed or cancelled run leaves no partial day). Subjects are the project itself, a feature
-- group or a feature view; the subject's name is kept so that a deleted group's past usage still reads by name.
CREATE TABLE "UsageDaily" (
  "day" DATE NOT NULL,
  "projectId" TEXT NOT NULL,
  "subjectKind" TEXT NOT NULL,
  "subjectId" TEXT NOT NULL,
  "subjectName" TEXT NOT NULL,
  "metric" TEXT NOT NULL,
  "value" DOUBLE PRECISION NOT NULL,
  "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("day", "projectId", "subjectKind", "subjectId", "metric"),
  CONSTRAINT "UsageDaily_subjectKind_check" CHECK ("subjectKind" IN ('project', 'featureGroup', 'featureView')),
  CONSTRAINT "UsageDaily_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "UsageDaily_projectId_day_idx" ON "UsageDaily"("projectId", "day");
