-- Lineage's two ends (docs/lineage.md "Node kinds"): data source → feature group, feature view → model and
-- training dataset → model, written by triggers in the transaction that creates the link (like the view and dataset
-- edges of 20261222000000_lineage), removed with the link or either end; the backfill below records existing links.

-- A model's feature view → the model (object level: a model has no columns, PII reaches it whole).
CREATE FUNCTION larder_lineage_record_model(p_model TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "toKind", "toId")
  SELECT m."projectId", 'feature_view', m."featureViewId", 'model', m.id
    FROM "Model" m WHERE m.id = p_model AND m."featureViewId" IS NOT NULL
  ON CONFLICT DO NOTHING;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "toKind", "toId")
  SELECT m."projectId", 'training_dataset', l."trainingDatasetId", 'model', m.id
    FROM "Model" m JOIN "ModelTrainingDataset" l ON l."modelId" = m.id
   WHERE m.id = p_model AND l."trainingDatasetId" IS NOT NULL
  ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION larder_lineage_record_group_source(p_group TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "toKind", "toId")
  SELECT g."projectId", 'data_source', s."dataSourceId", 'feature_group', g.id
    FROM "FeatureGroupSource" s JOIN "FeatureGroup" g ON g.id = s."featureGroupId"
   WHERE s."featureGroupId" = p_group
  ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION larder_lineage_on_model() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM larder_lineage_record_model(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_model AFTER INSERT ON "Model" FOR EACH ROW EXECUTE FUNCTION larder_lineage_on_model();

CREATE FUNCTION larder_lineage_on_model_dataset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."trainingDatasetId" IS NOT NULL THEN
    DELETE FROM "LineageEdge" WHERE "fromKind" = 'training_dataset' AND "fromId" = OLD."trainingDatasetId"
       AND "toKind" = 'model' AND "toId" = OLD."modelId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM larder_lineage_record_model(NEW."modelId");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_model_dataset AFTER INSERT OR UPDATE OR DELETE ON "ModelTrainingDataset"
  FOR EACH ROW EXECUTE FUNCTION larder_lineage_on_model_dataset();

CREATE FUNCTION larder_lineage_on_group_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "LineageEdge" WHERE "fromKind" = 'data_source' AND "fromId" = OLD."dataSourceId"
       AND "toKind" = 'feature_group' AND "toId" = OLD."featureGroupId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM larder_lineage_record_group_source(NEW."featureGroupId");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_group_source AFTER INSERT OR UPDATE OR DELETE ON "FeatureGroupSource"
  FOR EACH ROW EXECUTE FUNCTION larder_lineage_on_group_source();

-- A deleted model or data source takes its edges and its broken mark with it (the function of 20261222000000_lineage).
CREATE TRIGGER lineage_forget_model AFTER DELETE ON "Model" FOR EACH ROW EXECUTE FUNCTION larder_lineage_forget('model');
CREATE TRIGGER lineage_forget_data_source AFTER DELETE ON "DataSource" FOR EACH ROW EXECUTE FUNCTION larder_lineage_forget('data_source');

-- A forced delete (docs/lineage.md "Forced delete") removes a feature group that views still name: the view keeps its
-- source row (its plan keeps the group's name and version) with no group id, and fails naming the deleted group.
ALTER TABLE "FeatureViewSource" ALTER COLUMN "featureGroupId" DROP NOT NULL;
ALTER TABLE "FeatureViewSource" DROP CONSTRAINT "FeatureViewSource_featureGroupId_fkey";
ALTER TABLE "FeatureViewSource" ADD CONSTRAINT "FeatureViewSource_featureGroupId_fkey" FOREIGN KEY ("featureGroupId")
  REFERENCES "FeatureGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: every model and every group filled from a source that exists already.
SELECT larder_lineage_record_model(id) FROM "Model";
SELECT larder_lineage_record_group_source("featureGroupId") FROM "FeatureGroupSource";
