-- Definition history of feature groups and views, the model registry and data sources (docs/history.md,
-- docs/models.md, docs/data-sources.md); models and data sources join the search index (docs/search.md).

-- ─── Definition history ──────────────────────────────────────────────────────────────────────────────────────────
-- One row per change to a definition, written in the transaction of the change, holding the whole definition as it
-- stood after it. Append-only: the trigger refuses UPDATE. No foreign key to the entity, so that the history of a
-- deleted version stays readable; rows go with their project.
CREATE TABLE "DefinitionRevision" (
  "id" BIGSERIAL NOT NULL,
  "projectId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "entityId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "change" TEXT NOT NULL,
  "summary" TEXT NOT NULL DEFAULT '',
  "definition" JSONB NOT NULL,
  "actorId" TEXT,
  "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DefinitionRevision_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "DefinitionRevision_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "DefinitionRevision_projectId_kind_name_id_idx" ON "DefinitionRevision"("projectId", "kind", "name", "id");
CREATE INDEX "DefinitionRevision_entityId_idx" ON "DefinitionRevision"("entityId");

CREATE FUNCTION definition_revision_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'definition history is append-only' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "DefinitionRevision_immutable" BEFORE UPDATE ON "DefinitionRevision" FOR EACH ROW
  EXECUTE FUNCTION definition_revision_is_immutable();

-- ─── Models ──────────────────────────────────────────────────────────────────────────────────────────────────────
-- A registered model version. The feature view and datasets it was trained on keep their name and version, so the
-- record survives their deletion (SET NULL), like TrainingDatasetSource.
CREATE TABLE "Model" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "framework" TEXT NOT NULL DEFAULT '',
  "metrics" JSONB NOT NULL DEFAULT '{}',
  "featureViewId" TEXT,
  "featureViewName" TEXT,
  "featureViewVersion" INTEGER,
  "artifactPath" TEXT,
  "artifactFileName" TEXT,
  "artifactSizeBytes" BIGINT,
  "artifactSha256" TEXT,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Model_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Model_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "Model_featureViewId_fkey" FOREIGN KEY ("featureViewId") REFERENCES "FeatureView"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Model_projectId_name_version_key" ON "Model"("projectId", "name", "version");
CREATE INDEX "Model_featureViewId_idx" ON "Model"("featureViewId");

CREATE TABLE "ModelTrainingDataset" (
  "modelId" TEXT NOT NULL,
  "trainingDatasetId" TEXT,
  "trainingDatasetName" TEXT NOT NULL,
  "trainingDatasetVersion" INTEGER NOT NULL,
  CONSTRAINT "ModelTrainingDataset_pkey" PRIMARY KEY ("modelId", "trainingDatasetName", "trainingDatasetVersion"),
  CONSTRAINT "ModelTrainingDataset_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ModelTrainingDataset_trainingDatasetId_fkey" FOREIGN KEY ("trainingDatasetId") REFERENCES "TrainingDataset"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "ModelTrainingDataset_trainingDatasetId_idx" ON "ModelTrainingDataset"("trainingDatasetId");

-- ─── Data sources ────────────────────────────────────────────────────────────────────────────────────────────────
-- kind 'postgres' (config: host, port, database, user, table or query) or 'file' (config: path, format). The
-- connection password is only in "secret": AES-256-GCM (server/sources/secret-box.ts), never in config.
CREATE TABLE "DataSource" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "kind" TEXT NOT NULL,
  "config" JSONB NOT NULL,
  "secret" BYTEA,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DataSource_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "DataSource_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DataSource_projectId_name_key" ON "DataSource"("projectId", "name");

-- A feature group filled from a data source: its watermark column and how far ingestion has read.
CREATE TABLE "FeatureGroupSource" (
  "featureGroupId" TEXT NOT NULL,
  "dataSourceId" TEXT NOT NULL,
  "watermarkColumn" TEXT,
  "lastWatermark" TEXT,
  "lastIngestAt" TIMESTAMPTZ(3),
  CONSTRAINT "FeatureGroupSource_pkey" PRIMARY KEY ("featureGroupId"),
  CONSTRAINT "FeatureGroupSource_featureGroupId_fkey" FOREIGN KEY ("featureGroupId") REFERENCES "FeatureGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "FeatureGroupSource_dataSourceId_fkey" FOREIGN KEY ("dataSourceId") REFERENCES "DataSource"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "FeatureGroupSource_dataSourceId_idx" ON "FeatureGroupSource"("dataSourceId");

-- ─── Search: models and data sources ─────────────────────────────────────────────────────────────────────────────
CREATE OR REPLACE VIEW larder_search.base AS
  SELECT 'featureGroup'::text AS kind, g."projectId" AS project_id, g.id AS entity_id, ''::text AS feature_name,
         g.name, g.version, NULL::text AS parent_name, g.description, g."createdById" AS owner_id,
         g."onlineEnabled" AS online, NULL::text AS data_type, coalesce(g."lastCommitAt", g."createdAt") AS used_at
    FROM "FeatureGroup" g
  UNION ALL
  SELECT 'feature', g."projectId", f."featureGroupId", f.name, f.name, g.version, g.name, f.description,
         g."createdById", g."onlineEnabled", lower(f.type), coalesce(g."lastCommitAt", g."createdAt")
    FROM "Feature" f JOIN "FeatureGroup" g ON g.id = f."featureGroupId"
  UNION ALL
  SELECT 'featureView', v."projectId", v.id, '', v.name, v.version, NULL, v.description, v."createdById", NULL, NULL,
         v."createdAt"
    FROM "FeatureView" v
  UNION ALL
  SELECT 'trainingDataset', t."projectId", t.id, '', t.name, t.version, v.name, t.description, t."createdById", NULL,
         NULL, coalesce(t."finishedAt", t."createdAt")
    FROM "TrainingDataset" t JOIN "FeatureView" v ON v.id = t."featureViewId"
   WHERE t.status <> 'FAILED'
  UNION ALL
  SELECT 'model', m."projectId", m.id, '', m.name, m.version, m."featureViewName",
         trim(m.description || ' ' || m.framework), m."createdById", NULL, NULL, m."createdAt"
    FROM "Model" m
  UNION ALL
  SELECT 'dataSource', s."projectId", s.id, '', s.name, NULL, NULL, s.description, s."createdById", NULL, s.kind,
         s."updatedAt"
    FROM "DataSource" s;

CREATE TRIGGER search_model AFTER INSERT OR DELETE OR UPDATE OF name, version, description, framework,
  "featureViewName", "createdById" ON "Model" FOR EACH ROW EXECUTE FUNCTION larder_search.on_versioned('model');
CREATE TRIGGER search_data_source AFTER INSERT OR DELETE OR UPDATE OF name, description, kind, "updatedAt",
  "createdById" ON "DataSource" FOR EACH ROW EXECUTE FUNCTION larder_search.on_versioned('dataSource');
