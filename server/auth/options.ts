import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db/client";
import { getEnv } from "../env";
import { getSessionSecret } from "./secret";
import { recordAuditEvent } from "../audit/record";
import { verifyPassword } from "./passwords";
import { clearSignInFailures, recordSignInFailure, signInLockedForSeconds } from "./throttle";
import { clientIpFromHeaders } from "../client-ip";

const oidcProviders = (): NextAuthOptions["providers"] => {
  const env = getEnv();
  if (!env.LARDER_OIDC_ISSUER || !env.LARDER_OIDC_CLIENT_ID || !env.LARDER_OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: env.LARDER_OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.LARDER_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.LARDER_OIDC_CLIENT_ID,
      clientSecret: env.LARDER_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email,
        name: profile.name ?? profile.email,
      }),
    },
  ];
};

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
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
          await recordAuditEvent({
            ctx: null,
            action: "auth.signIn.failed",
            resourceType: "user",
            resourceId: user?.id ?? null,
            resourceName: email,
            details: { email, clientIp },
          });
          return null;
        }
        await clearSignInFailures({ email });
        await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    signIn: async ({ user, account }) => {
      if (account?.provider !== "oidc") return true;
      // OIDC users must already exist in Larder (an administrator creates them); no silent self-registration.
      const existing = await db.user.findUnique({ where: { email: (user.email ?? "").toLowerCase() } });
      return Boolean(existing);
    },
    jwt: async ({ token, user }) => {
      if (user?.email) {
        const row = await db.user.findUnique({ where: { email: user.email.toLowerCase() } });
        if (row) token.uid = row.id;
      }
      return token;
    },
    session: async ({ session, token }) => {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
  secret: getSessionSecret(),
};
