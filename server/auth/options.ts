import "server-only";
import type { NextAuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { getSessionSecret } from "./secret";
import { verifyPassword } from "./passwords";
import { clearSignInFailures, recordSignInFailure, signInLockedForSeconds } from "./throttle";
import { clientIpFromHeaders } from "../client-ip";
import { admitOidcAccount, oidcProviders, type TOidcProfile } from "./oidc";
import { recordSignIn, recordSignInRefusal, recordSignOut } from "./sign-in-events";
import { revokeSessions, sessionUserId } from "./sessions";

/** The user a successful sign-in resolved to, carried from the sign-in callback to the JWT callback. */
type TSignedInUser = { id: string; email?: string | null; larderUserId?: string };

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  // Errors (a refused or failed single sign-on included) land on Larder's sign-in page with its own message.
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, req) => {
        const email = credentials?.email?.trim().toLowerCase() ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password) return null;
        const clientIp = clientIpFromHeaders(req?.headers ?? {});
        // The route wrapper answers 429 before we get here; this is the second line of defence.
        if (await signInLockedForSeconds({ email, clientIp })) return null;
        const user = await db.user.findUnique({ where: { email } });
        const isValid = await verifyPassword({ password, hash: user?.passwordHash ?? null });
        if (!user || !isValid) {
          await recordSignInFailure({ email, clientIp });
          await recordSignInRefusal({
            user,
            email,
            method: "password",
            reason: user ? "wrong password" : "unknown email",
          });
          return null;
        }
        await clearSignInFailures({ email });
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        await recordSignIn({ user, method: "password" });
        return { id: user.id, email: user.email, name: user.name, larderUserId: user.id };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    signIn: async ({ user, account, profile }) => {
      if (account?.provider !== "oidc") return true;
      const claims = profile as unknown as TOidcProfile;
      const decision = await admitOidcAccount(claims);
      if (!decision.ok) {
        const known = decision.userId ? await db.user.findUnique({ where: { id: decision.userId } }) : null;
        await recordSignInRefusal({
          user: known,
          email: claims.email ?? null,
          method: "oidc",
          reason: decision.refusal,
        });
        return `/signin?error=${decision.refusal}`;
      }
      await db.user.update({ where: { id: decision.user.id }, data: { lastLoginAt: new Date() } });
      await recordSignIn({
        user: decision.user,
        method: "oidc",
        details: { issuer: claims.iss ?? null, subject: claims.sub, bound: decision.linked },
      });
      (user as TSignedInUser).larderUserId = decision.user.id;
      return true;
    },
    jwt: async ({ token, user }) => {
      const larderUserId = (user as TSignedInUser | undefined)?.larderUserId;
      if (larderUserId) {
        const row = await db.user.findUnique({ where: { id: larderUserId }, select: { sessionVersion: true } });
        return { ...token, uid: larderUserId, sv: row?.sessionVersion ?? -1 };
      }
      // Every later read of the session: a revoked (or orphaned) token loses its user.
      if (token.uid && !(await sessionUserId(token))) return { revoked: true };
      return token;
    },
    session: async ({ session, token }) => {
      if (token.revoked || typeof token.uid !== "string") return {} as Session; // getServerSession → null
      if (session.user) (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
  events: {
    signOut: async ({ token }) => {
      if (typeof token?.uid !== "string") return;
      const user = await db.user.findUnique({ where: { id: token.uid } });
      if (!user || user.sessionVersion !== token.sv) return;
      await revokeSessions(user.id);
      await recordSignOut(user);
    },
  },
  secret: getSessionSecret(),
};
