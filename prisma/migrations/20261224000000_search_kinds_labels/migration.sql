-- Catalog search (docs/search.md): each kind's most recent matches are found on their own, so a rarer kind is never
-- crowded out by a common one; tag and keyword matches are found through their own index, so an older tag match is
-- never crowded out by recent description matches. A tag or keyword edit re-derives its object's document once.

CREATE INDEX document_kind_used_idx ON larder_search.document (kind, used_at DESC);
CREATE INDEX document_label_words_idx ON larder_search.document USING gin (label_words);

-- An UPDATE that keeps the label on its object refreshed that object's document twice (OLD, then NEW): once is enough.
CREATE OR REPLACE FUNCTION larder_search.on_label() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD."targetKind", OLD."targetId", OLD."featureName")
                          IS NOT DISTINCT FROM (NEW."targetKind", NEW."targetId", NEW."featureName") THEN
    PERFORM larder_search.refresh(NEW."targetKind", NEW."targetId", NEW."featureName");
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM larder_search.refresh(OLD."targetKind", OLD."targetId", OLD."featureName"); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM larder_search.refresh(NEW."targetKind", NEW."targetId", NEW."featureName"); END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION larder_search.on_label() FROM PUBLIC;

