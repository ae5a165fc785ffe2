-- The codec version a feature group's online rows were written with (server/online/codec.ts ONLINE_CODEC_VERSION).
-- Version 1 read a bigint event time as epoch seconds while the offline store reads epoch milliseconds, so those
-- rows carry event times 1000× too large: latest-wins would keep them forever and TTLs never expire them.
-- New groups are written by version 2. Existing online-enabled groups with a bigint event time are marked stale
-- (1): they are not served until a materialization drops and rebuilds their online rows, which a worker queues at
-- start (server/online/upgrade.ts). Groups with timestamp or date event times (or none) were read the same way
-- by both versions and stay current.
ALTER TABLE "FeatureGroup" ADD COLUMN "onlineCodecVersion" INTEGER NOT NULL DEFAULT 2;

UPDATE "FeatureGroup" AS fg
SET "onlineCodecVersion" = 1
WHERE fg."onlineEnabled"
  AND EXISTS (
    SELECT 1 FROM "Feature" AS f
    WHERE f."featureGroupId" = fg."id" AND f."name" = fg."eventTime" AND f."type" = 'bigint'
  );
