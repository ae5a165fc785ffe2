-- A source ingest saves the watermark its commit reaches before writing the commit, so that a retry whose earlier
-- attempt wrote the commit but died before advancing the watermark advances it to exactly that value instead of
-- reading the source again (docs/data-sources.md "Ingest"); the load it staged is removed by whichever run comes next.
ALTER TABLE "FeatureGroupSource" ADD COLUMN "pendingJobId" TEXT;
ALTER TABLE "FeatureGroupSource" ADD COLUMN "pendingWatermark" TEXT;
ALTER TABLE "FeatureGroupSource" ADD COLUMN "pendingUploadId" TEXT;
