-- Online store bookkeeping per feature group: last materialized commit and resumable job cursors.
-- The online tables themselves (PostgreSQL store) live in the schema "larder_online", created on demand.
CREATE TABLE "OnlineMaterialization" (
    "featureGroupId" TEXT NOT NULL,
    "lastMaterializedVersion" INTEGER NOT NULL DEFAULT -1,
    "cursors" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnlineMaterialization_pkey" PRIMARY KEY ("featureGroupId")
);
