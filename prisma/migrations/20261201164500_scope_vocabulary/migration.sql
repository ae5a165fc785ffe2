-- Scopes follow the vocabulary (issue 10): feature views and training datasets get their own scopes instead of
-- being gated by featureGroups:*. Every stored API key keeps exactly the powers it had: a key that could read
-- feature groups (and so, before, views and datasets) now also holds featureViews:read and trainingDatasets:read;
-- one that could write them holds featureViews:write and trainingDatasets:write. featureGroups:* itself stays, now
-- gating feature groups only. Scopes a key already holds are not added twice, so running this again changes nothing.

UPDATE "ApiKey"
SET "scopes" = "scopes" || ARRAY(
  SELECT added FROM unnest(ARRAY['featureViews:read', 'trainingDatasets:read']::text[]) AS added
  WHERE NOT added = ANY ("scopes")
)
WHERE 'featureGroups:read' = ANY ("scopes");

UPDATE "ApiKey"
SET "scopes" = "scopes" || ARRAY(
  SELECT added FROM unnest(ARRAY['featureViews:write', 'trainingDatasets:write']::text[]) AS added
  WHERE NOT added = ANY ("scopes")
)
WHERE 'featureGroups:write' = ANY ("scopes");
