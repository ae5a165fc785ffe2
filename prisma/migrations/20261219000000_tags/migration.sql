-- Tag schemas, tags and keywords (docs/tags.md) and the catalog search index (docs/search.md).

-- A tag schema version never changes once written: a new version is a new row (the trigger below refuses UPDATE).
CREATE TABLE "TagSchema" (
  "id" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "version" INTEGER NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "fields" JSONB NOT NULL,
  "builtIn" BOOLEAN NOT NULL DEFAULT false,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "TagSchema_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TagSchema_name_version_key" ON "TagSchema"("name", "version");

CREATE FUNCTION tag_schema_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tag schema versions are immutable: create a new version' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "TagSchema_immutable" BEFORE UPDATE ON "TagSchema" FOR EACH ROW EXECUTE FUNCTION tag_schema_is_immutable();

-- The built-in PII classification.
INSERT INTO "TagSchema" ("id", "name", "version", "description", "fields", "builtIn") VALUES (
  'tsc_builtin_pii_1', 'pii', 1, 'Personal data: what kind, on which legal basis, kept how long',
  '[{"name":"category","type":"enum","required":true,"values":["email","phone","name","address","national_id","financial","health","location","device_id","other"],"description":"The kind of personal data"},
    {"name":"legalBasis","type":"enum","required":false,"values":["consent","contract","legal_obligation","vital_interests","public_task","legitimate_interests"],"description":"The GDPR Art. 6 basis for processing it"},
    {"name":"retentionDays","type":"number","required":false,"description":"How many days it may be kept"}]',
  true);

-- Tags and keywords attach to an artifact: (targetKind, targetId, featureName). featureName is '' except for a
-- single feature (targetKind 'feature', targetId its feature group's id). Deleting an artifact deletes its tags
-- (the search triggers below).
CREATE TABLE "Tag" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "targetKind" TEXT NOT NULL,
  "targetId" TEXT NOT NULL,
  "featureName" TEXT NOT NULL DEFAULT '',
  "schemaName" TEXT NOT NULL,
  "schemaVersion" INTEGER NOT NULL,
  "value" JSONB NOT NULL,
  "updatedById" TEXT,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Tag_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "Tag_schemaName_schemaVersion_fkey" FOREIGN KEY ("schemaName", "schemaVersion")
    REFERENCES "TagSchema"("name", "version") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Tag_targetKind_targetId_featureName_schemaName_key" ON "Tag"("targetKind", "targetId", "featureName", "schemaName");
CREATE INDEX "Tag_projectId_idx" ON "Tag"("projectId");

CREATE TABLE "Keyword" (
  "projectId" TEXT NOT NULL,
  "targetKind" TEXT NOT NULL,
  "targetId" TEXT NOT NULL,
  "featureName" TEXT NOT NULL DEFAULT '',
  "keyword" TEXT NOT NULL,
  "createdById" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Keyword_pkey" PRIMARY KEY ("targetKind", "targetId", "featureName", "keyword"),
  CONSTRAINT "Keyword_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Keyword_projectId_idx" ON "Keyword"("projectId");

-- ─── The search index ────────────────────────────────────────────────────────────────────────────────────────────
-- One row per searchable object, in its own schema, written only by the SECURITY DEFINER trigger functions below
-- (the application role may only read it), in the transaction of the edit that changed its source.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA larder_search;

CREATE TABLE larder_search.document (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  project_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  feature_name TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER,
  parent_name TEXT,
  description TEXT NOT NULL,
  owner_id TEXT,
  online BOOLEAN,
  data_type TEXT,
  used_at TIMESTAMPTZ NOT NULL,
  tag_terms TEXT[] NOT NULL,
  tags JSONB NOT NULL,
  keywords TEXT[] NOT NULL,
  -- The words of its tags and keywords (ranking: a query word among them is a tag match).
  label_words TEXT[] NOT NULL,
  body TSVECTOR NOT NULL
);
CREATE INDEX document_entity_idx ON larder_search.document (entity_id, kind, feature_name);
CREATE INDEX document_project_idx ON larder_search.document (project_id, kind);
CREATE INDEX document_body_idx ON larder_search.document USING gin (body);
CREATE INDEX document_name_trgm_idx ON larder_search.document USING gin (lower(name) gin_trgm_ops);
CREATE INDEX document_tag_terms_idx ON larder_search.document USING gin (tag_terms);
CREATE INDEX document_used_idx ON larder_search.document (used_at DESC);

-- What each kind contributes. A new kind (models, data sources) is one more branch here and its triggers below.
CREATE VIEW larder_search.base AS
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
   WHERE t.status <> 'FAILED';

-- A tag's search terms: its schema ('pii') and each field's value ('pii.category:email'; a list gives one per item).
CREATE FUNCTION larder_search.tag_terms(schema_name TEXT, value JSONB) RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(DISTINCT term) FROM (
    SELECT lower(schema_name) AS term
    UNION ALL
    SELECT lower(schema_name || '.' || f.key || ':' || CASE WHEN jsonb_typeof(item) = 'string' THEN item #>> '{}' ELSE item::text END)
      FROM jsonb_each(value) AS f(key, v)
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(f.v) = 'array' THEN f.v ELSE jsonb_build_array(f.v) END) AS item
  ) terms
$$;

CREATE VIEW larder_search.source AS
  SELECT b.kind || ':' || b.entity_id || CASE WHEN b.feature_name = '' THEN '' ELSE ':' || b.feature_name END AS key,
         b.kind, b.project_id, b.entity_id, b.feature_name, b.name, b.version, b.parent_name, b.description,
         b.owner_id, b.online, b.data_type, b.used_at,
         coalesce(t.terms, '{}') AS tag_terms, coalesce(t.tags, '[]') AS tags, coalesce(k.words, '{}') AS keywords,
         tsvector_to_array(to_tsvector('simple', coalesce(t.words, '') || ' ' || coalesce(array_to_string(k.words, ' '), ''))) AS label_words,
         setweight(to_tsvector('simple', b.name), 'A')
           || setweight(to_tsvector('simple', coalesce(t.words, '') || ' ' || coalesce(array_to_string(k.words, ' '), '')), 'B')
           || setweight(to_tsvector('simple', b.description), 'C') AS body
    FROM larder_search.base b
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('schema', tg."schemaName", 'version', tg."schemaVersion", 'value', tg.value)
                       ORDER BY tg."schemaName") AS tags,
             string_agg(tg."schemaName" || ' ' || (SELECT coalesce(string_agg(e.key || ' ' || (e.value #>> '{}'), ' '), '')
                                                     FROM jsonb_each(tg.value) e), ' ') AS words,
             (SELECT array_agg(DISTINCT term) FROM "Tag" t2, unnest(larder_search.tag_terms(t2."schemaName", t2.value)) term
               WHERE t2."targetKind" = b.kind AND t2."targetId" = b.entity_id AND t2."featureName" = b.feature_name) AS terms
        FROM "Tag" tg
       WHERE tg."targetKind" = b.kind AND tg."targetId" = b.entity_id AND tg."featureName" = b.feature_name
    ) t ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(kw.keyword ORDER BY kw.keyword) AS words
        FROM "Keyword" kw
       WHERE kw."targetKind" = b.kind AND kw."targetId" = b.entity_id AND kw."featureName" = b.feature_name
    ) k ON true;

-- Re-derives the documents of one object (feature_name NULL: every document of the entity of that kind).
CREATE FUNCTION larder_search.refresh(p_kind TEXT, p_entity TEXT, p_feature TEXT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_feature IS NULL THEN
    DELETE FROM larder_search.document WHERE entity_id = p_entity AND kind = p_kind;
    INSERT INTO larder_search.document SELECT * FROM larder_search.source WHERE entity_id = p_entity AND kind = p_kind;
  ELSE
    DELETE FROM larder_search.document WHERE entity_id = p_entity AND kind = p_kind AND feature_name = p_feature;
    INSERT INTO larder_search.document SELECT * FROM larder_search.source
     WHERE entity_id = p_entity AND kind = p_kind AND feature_name = p_feature;
  END IF;
END $$;

-- Removing an artifact removes its tags and keywords (and so their documents).
CREATE FUNCTION larder_search.forget(p_kind TEXT, p_entity TEXT, p_feature TEXT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  DELETE FROM "Tag" WHERE "targetId" = p_entity AND "targetKind" = p_kind AND (p_feature IS NULL OR "featureName" = p_feature);
  DELETE FROM "Keyword" WHERE "targetId" = p_entity AND "targetKind" = p_kind AND (p_feature IS NULL OR "featureName" = p_feature);
  DELETE FROM larder_search.document WHERE entity_id = p_entity AND kind = p_kind AND (p_feature IS NULL OR feature_name = p_feature);
END $$;

CREATE FUNCTION larder_search.on_feature_group() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM larder_search.forget('featureGroup', OLD.id, NULL);
    PERFORM larder_search.forget('feature', OLD.id, NULL);
    RETURN NULL;
  END IF;
  PERFORM larder_search.refresh('featureGroup', NEW.id, '');
  IF TG_OP = 'UPDATE' THEN
    UPDATE larder_search.document SET online = NEW."onlineEnabled", owner_id = NEW."createdById",
           used_at = coalesce(NEW."lastCommitAt", NEW."createdAt")
     WHERE entity_id = NEW.id AND kind = 'feature';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_feature_group AFTER INSERT OR DELETE OR UPDATE OF name, version, description, "onlineEnabled",
  "createdById", "lastCommitAt", "projectId" ON "FeatureGroup" FOR EACH ROW EXECUTE FUNCTION larder_search.on_feature_group();

CREATE FUNCTION larder_search.on_feature() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM larder_search.forget('feature', OLD."featureGroupId", OLD.name);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD.name <> NEW.name OR OLD."featureGroupId" <> NEW."featureGroupId" THEN
      PERFORM larder_search.forget('feature', OLD."featureGroupId", OLD.name);
    END IF;
  END IF;
  PERFORM larder_search.refresh('feature', NEW."featureGroupId", NEW.name);
  RETURN NULL;
END $$;
CREATE TRIGGER search_feature AFTER INSERT OR UPDATE OR DELETE ON "Feature" FOR EACH ROW EXECUTE FUNCTION larder_search.on_feature();

CREATE FUNCTION larder_search.on_versioned() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM larder_search.forget(TG_ARGV[0], OLD.id, NULL);
  ELSE PERFORM larder_search.refresh(TG_ARGV[0], NEW.id, ''); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_feature_view AFTER INSERT OR DELETE OR UPDATE OF name, version, description, "createdById"
  ON "FeatureView" FOR EACH ROW EXECUTE FUNCTION larder_search.on_versioned('featureView');
CREATE TRIGGER search_training_dataset AFTER INSERT OR DELETE OR UPDATE OF name, version, description, status,
  "finishedAt", "createdById" ON "TrainingDataset" FOR EACH ROW EXECUTE FUNCTION larder_search.on_versioned('trainingDataset');

CREATE FUNCTION larder_search.on_label() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM larder_search.refresh(OLD."targetKind", OLD."targetId", OLD."featureName"); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM larder_search.refresh(NEW."targetKind", NEW."targetId", NEW."featureName"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER search_tag AFTER INSERT OR UPDATE OR DELETE ON "Tag" FOR EACH ROW EXECUTE FUNCTION larder_search.on_label();
CREATE TRIGGER search_keyword AFTER INSERT OR UPDATE OR DELETE ON "Keyword" FOR EACH ROW EXECUTE FUNCTION larder_search.on_label();

-- Only the triggers write the index; nobody calls these functions directly.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA larder_search FROM PUBLIC;
GRANT EXECUTE ON FUNCTION larder_search.tag_terms(TEXT, JSONB) TO PUBLIC;

-- Documents for what exists already.
INSERT INTO larder_search.document SELECT * FROM larder_search.source;
