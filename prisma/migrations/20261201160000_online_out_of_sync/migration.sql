ALTER TABLE "FeatureGroup" ADD COLUMN "onlineOutOfSyncSince" INTEGER;
