-- Sessions are JWTs; "sessionVersion" is copied into each token at sign-in and compared on every request, so
-- sign-out (and anything else that must end a user's sessions) revokes every token issued before it by
-- incrementing it (server/auth/sessions.ts).
-- A single sign-on user is bound to the provider's issuer and subject after the first sign-in: a later sign-in
-- with the same email but another subject is refused, so identity does not rest on the email alone.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN "oidcIssuer" TEXT;
ALTER TABLE "User" ADD COLUMN "oidcSubject" TEXT;
CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");
