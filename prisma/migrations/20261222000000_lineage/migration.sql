-- Lineage (docs/lineage.md): provenance edges between artifacts and between their columns.
--
-- An end is (kind, id, column): kind is one of the node kinds below, id the artifact's id, column '' for the
-- artifact itself or the name of one of its columns (a feature group's feature, a view's output column, a dataset's
-- column). New kinds (data sources and models, docs/lineage.md "Node kinds") are one more value in the CHECK.
-- Edges of feature views and training datasets are written by the triggers below, in the transaction that creates
-- the artifact; the rooms that create them never call server/lineage (as with the search index).
CREATE TABLE "LineageEdge" (
  "id" BIGSERIAL NOT NULL,
  "projectId" TEXT NOT NULL,
  "fromKind" TEXT NOT NULL,
  "fromId" TEXT NOT NULL,
  "fromColumn" TEXT NOT NULL DEFAULT '',
  "toKind" TEXT NOT NULL,
  "toId" TEXT NOT NULL,
  "toColumn" TEXT NOT NULL DEFAULT '',
  -- How the edge came about: {"declared":true} (a derived group's parent), {"transformation":"min_max_scaler"},
  -- {"onDemand":"amount / credit_limit"}, {"role":"join","alias":"c"}.
  "attributes" JSONB NOT NULL DEFAULT '{}',
  -- An owner marked this edge as de-identifying (hashed, aggregated …): PII does not propagate across it.
  "deidentifying" BOOLEAN NOT NULL DEFAULT false,
  "deidentifyingReason" TEXT,
  "deidentifiedById" TEXT,
  "deidentifiedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "LineageEdge_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "LineageEdge_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "LineageEdge_kinds_check" CHECK (
    "fromKind" IN ('data_source', 'feature_group', 'feature_view', 'training_dataset', 'model')
    AND "toKind" IN ('data_source', 'feature_group', 'feature_view', 'training_dataset', 'model')),
  CONSTRAINT "LineageEdge_not_a_loop_check" CHECK (("fromKind", "fromId") <> ("toKind", "toId"))
);
CREATE UNIQUE INDEX "LineageEdge_ends_key" ON "LineageEdge"("fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn");
CREATE INDEX "LineageEdge_to_idx" ON "LineageEdge"("toKind", "toId");
CREATE INDEX "LineageEdge_projectId_idx" ON "LineageEdge"("projectId");

-- An artifact whose upstream was deleted by a forced delete: it stays, marked broken, and fails naming what went.
CREATE TABLE "LineageBroken" (
  "kind" TEXT NOT NULL,
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "deletedKind" TEXT NOT NULL,
  "deletedName" TEXT NOT NULL,
  "deletedById" TEXT,
  "brokenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "LineageBroken_pkey" PRIMARY KEY ("kind", "id"),
  CONSTRAINT "LineageBroken_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The edges of one feature view, from its plan (server/feature-views/plan.ts): each source group → the view; each
-- selected feature → its output column (with the transformation fitted on it, if any); each feature an on-demand
-- column's expression names → that column. Idempotent (ON CONFLICT DO NOTHING): the backfill below runs it too.
CREATE FUNCTION larder_lineage_record_view(p_view TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE v RECORD;
BEGIN
  SELECT id, "projectId", plan INTO v FROM "FeatureView" WHERE id = p_view;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn", "attributes")
  SELECT DISTINCT ON (s->>'featureGroupId') v."projectId", 'feature_group', s->>'featureGroupId', '', 'feature_view', v.id, '',
         jsonb_build_object('role', s->>'role', 'alias', s->>'alias')
    FROM jsonb_array_elements(coalesce(v.plan->'sources', '[]')) s
  ON CONFLICT DO NOTHING;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn", "attributes")
  SELECT v."projectId", 'feature_group', s->>'featureGroupId', c->>'source', 'feature_view', v.id, c->>'output',
         CASE WHEN t.type IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('transformation', t.type) END
    FROM jsonb_array_elements(coalesce(v.plan->'sources', '[]')) s
   CROSS JOIN LATERAL jsonb_array_elements(coalesce(s->'columns', '[]')) c
    LEFT JOIN LATERAL (SELECT x->>'type' AS type FROM jsonb_array_elements(coalesce(v.plan->'transformations', '[]')) x
                        WHERE x->>'feature' = c->>'output' LIMIT 1) t ON true
  ON CONFLICT DO NOTHING;
  -- On-demand columns: the names in the expression (string literals removed) that are source output columns.
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn", "attributes")
  SELECT v."projectId", 'feature_group', src.group_id, src.source_column, 'feature_view', v.id, od->>'name',
         jsonb_build_object('onDemand', od->>'expression')
    FROM jsonb_array_elements(coalesce(v.plan->'onDemand', '[]')) od
   CROSS JOIN LATERAL (SELECT DISTINCT m[1] AS ident
                         FROM regexp_matches(regexp_replace(od->>'expression', '''([^'']|'''')*''|"([^"]|"")*"', '', 'g'),
                                             '([A-Za-z_][A-Za-z0-9_]*)', 'g') m) ids
    JOIN LATERAL (SELECT s->>'featureGroupId' AS group_id, c->>'source' AS source_column
                    FROM jsonb_array_elements(coalesce(v.plan->'sources', '[]')) s
                   CROSS JOIN LATERAL jsonb_array_elements(coalesce(s->'columns', '[]')) c
                   WHERE c->>'output' = ids.ident) src ON true
  ON CONFLICT DO NOTHING;
END $$;

-- The edges of one training dataset: its view → it, and each output column of the view → the dataset's column of the
-- same name (the dataset carries every feature of its view, stored and on-demand).
CREATE FUNCTION larder_lineage_record_dataset(p_dataset TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE d RECORD;
BEGIN
  SELECT t.id, t."projectId", t."featureViewId", v.plan INTO d
    FROM "TrainingDataset" t JOIN "FeatureView" v ON v.id = t."featureViewId" WHERE t.id = p_dataset;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn")
  VALUES (d."projectId", 'feature_view', d."featureViewId", '', 'training_dataset', d.id, '')
  ON CONFLICT DO NOTHING;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn")
  SELECT d."projectId", 'feature_view', d."featureViewId", f->>0, 'training_dataset', d.id, f->>0
    FROM jsonb_array_elements(coalesce(d.plan->'featureTypes', '[]')) f
  ON CONFLICT DO NOTHING;
END $$;

-- A derived feature group's declared parent: parent → child, and each feature of the child named like a feature of
-- the parent → that feature (how PII follows a derivation). Called by the registry when a group is created with
-- parents, and by server/lineage when parents are declared later (after its cycle check).
CREATE FUNCTION larder_lineage_declare_parent(p_child TEXT, p_parent TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn", "attributes")
  SELECT c."projectId", 'feature_group', p_parent, '', 'feature_group', p_child, '', '{"declared":true}'
    FROM "FeatureGroup" c WHERE c.id = p_child
  ON CONFLICT DO NOTHING;
  INSERT INTO "LineageEdge" ("projectId", "fromKind", "fromId", "fromColumn", "toKind", "toId", "toColumn", "attributes")
  SELECT c."projectId", 'feature_group', p_parent, pf.name, 'feature_group', p_child, cf.name, '{"declared":true,"byName":true}'
    FROM "FeatureGroup" c
    JOIN "Feature" cf ON cf."featureGroupId" = c.id
    JOIN "Feature" pf ON pf."featureGroupId" = p_parent AND pf.name = cf.name
   WHERE c.id = p_child
  ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION larder_lineage_on_view() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM larder_lineage_record_view(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_feature_view AFTER INSERT ON "FeatureView" FOR EACH ROW EXECUTE FUNCTION larder_lineage_on_view();

CREATE FUNCTION larder_lineage_on_dataset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM larder_lineage_record_dataset(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_training_dataset AFTER INSERT ON "TrainingDataset" FOR EACH ROW EXECUTE FUNCTION larder_lineage_on_dataset();

-- A deleted artifact takes its edges (both ends) and its broken mark with it.
CREATE FUNCTION larder_lineage_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "LineageEdge" WHERE ("fromKind" = TG_ARGV[0] AND "fromId" = OLD.id) OR ("toKind" = TG_ARGV[0] AND "toId" = OLD.id);
  DELETE FROM "LineageBroken" WHERE "kind" = TG_ARGV[0] AND "id" = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER lineage_forget_feature_group AFTER DELETE ON "FeatureGroup" FOR EACH ROW EXECUTE FUNCTION larder_lineage_forget('feature_group');
CREATE TRIGGER lineage_forget_feature_view AFTER DELETE ON "FeatureView" FOR EACH ROW EXECUTE FUNCTION larder_lineage_forget('feature_view');
CREATE TRIGGER lineage_forget_training_dataset AFTER DELETE ON "TrainingDataset" FOR EACH ROW EXECUTE FUNCTION larder_lineage_forget('training_dataset');

-- Backfill: every view and dataset that exists already (the same functions, so the same edges).
SELECT larder_lineage_record_view(id) FROM "FeatureView";
SELECT larder_lineage_record_dataset(id) FROM "TrainingDataset";
