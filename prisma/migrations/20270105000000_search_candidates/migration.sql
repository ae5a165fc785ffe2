-- Search candidates without long index walks (docs/search.md, "Speed").
-- One full-text index per kind: a kind's best matches are found from its own posting lists when the kind is rare
-- among a query's matches, instead of walking the kind's documents by recency until enough of them match.
-- A new kind of document adds its index here, beside its branch of larder_search.source.
CREATE INDEX document_body_feature_group_idx ON larder_search.document USING gin (body) WHERE kind = 'featureGroup';
CREATE INDEX document_body_feature_idx ON larder_search.document USING gin (body) WHERE kind = 'feature';
CREATE INDEX document_body_feature_view_idx ON larder_search.document USING gin (body) WHERE kind = 'featureView';
CREATE INDEX document_body_training_dataset_idx ON larder_search.document USING gin (body) WHERE kind = 'trainingDataset';
CREATE INDEX document_body_model_idx ON larder_search.document USING gin (body) WHERE kind = 'model';
CREATE INDEX document_body_data_source_idx ON larder_search.document USING gin (body) WHERE kind = 'dataSource';
-- Exact and prefix names in name order (the trigram index stays for fuzzy names).
CREATE INDEX document_name_pattern_idx ON larder_search.document ((lower(name) COLLATE "C"));
