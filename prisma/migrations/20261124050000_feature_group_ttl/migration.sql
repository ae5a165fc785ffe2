ALTER TABLE "FeatureGroup" ADD COLUMN "ttlSeconds" INTEGER;
