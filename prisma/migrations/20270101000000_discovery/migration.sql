-- Discovery and access requests (docs/sharing.md, "Discovery and access requests"). A project its Owner marks
-- discoverable shows its feature groups' and views' metadata to non-members in search (server/search/access.ts);
-- a non-member asks to join it with an AccessRequest; the decision notifies the requester with a UserNotification.
ALTER TABLE "Project" ADD COLUMN "discoverable" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "AccessRequest" (
  "id" TEXT NOT NULL,
  "projectId" TEXT NOT NULL,
  "requesterId" TEXT NOT NULL,
  "role" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'PENDING',
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "decidedById" TEXT,
  "decidedAt" TIMESTAMPTZ(3),
  "grantedRole" TEXT,
  CONSTRAINT "AccessRequest_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AccessRequest_role_check" CHECK ("role" IN ('EDITOR', 'VIEWER', 'AUDITOR')),
  CONSTRAINT "AccessRequest_granted_check" CHECK ("grantedRole" IS NULL OR "grantedRole" IN ('EDITOR', 'VIEWER', 'AUDITOR')),
  CONSTRAINT "AccessRequest_status_check" CHECK ("status" IN ('PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN')),
  CONSTRAINT "AccessRequest_reason_length" CHECK (char_length("reason") <= 1000),
  CONSTRAINT "AccessRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "AccessRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "AccessRequest_projectId_status_idx" ON "AccessRequest"("projectId", "status");
CREATE INDEX "AccessRequest_requesterId_idx" ON "AccessRequest"("requesterId");
-- One pending request per user and project: two identical requests at once leave one row (the other gets 409).
CREATE UNIQUE INDEX "AccessRequest_one_pending_key" ON "AccessRequest"("projectId", "requesterId")
  WHERE "status" = 'PENDING';

-- A notification for one user (not a project's alert: the requester is not a member yet).
CREATE TABLE "UserNotification" (
  "id" TEXT NOT NULL,
  "userId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "message" TEXT NOT NULL,
  "link" TEXT,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "readAt" TIMESTAMPTZ(3),
  CONSTRAINT "UserNotification_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "UserNotification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "UserNotification_userId_createdAt_idx" ON "UserNotification"("userId", "createdAt");
