-- A forced delete of a feature view (docs/lineage.md "Forced delete") keeps its training datasets: their files were
-- written before and stay readable, marked broken. The dataset therefore names its view itself (name and version,
-- like "Model"."featureViewName"), and its view id becomes null when the view goes (ON DELETE SET NULL).
ALTER TABLE "TrainingDataset" ADD COLUMN "featureViewName" TEXT, ADD COLUMN "featureViewVersion" INTEGER;
UPDATE "TrainingDataset" t SET "featureViewName" = v.name, "featureViewVersion" = v.version
  FROM "FeatureView" v WHERE v.id = t."featureViewId";
ALTER TABLE "TrainingDataset" ALTER COLUMN "featureViewName" SET NOT NULL,
  ALTER COLUMN "featureViewVersion" SET NOT NULL,
  ALTER COLUMN "featureViewId" DROP NOT NULL;
ALTER TABLE "TrainingDataset" DROP CONSTRAINT "TrainingDataset_featureViewId_fkey";
ALTER TABLE "TrainingDataset" ADD CONSTRAINT "TrainingDataset_featureViewId_fkey" FOREIGN KEY ("featureViewId")
  REFERENCES "FeatureView"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Search: a dataset's parent is the view it names (still found after its view was deleted by force).
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
  SELECT 'trainingDataset', t."projectId", t.id, '', t.name, t.version, t."featureViewName", t.description,
         t."createdById", NULL, NULL, coalesce(t."finishedAt", t."createdAt")
    FROM "TrainingDataset" t
   WHERE t.status <> 'FAILED'
  UNION ALL
  SELECT 'model', m."projectId", m.id, '', m.name, m.version, m."featureViewName",
         trim(m.description || ' ' || m.framework), m."createdById", NULL, NULL, m."createdAt"
    FROM "Model" m
  UNION ALL
  SELECT 'dataSource', s."projectId", s.id, '', s.name, NULL, NULL, s.description, s."createdById", NULL, s.kind,
         s."updatedAt"
    FROM "DataSource" s;
