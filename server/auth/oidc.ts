import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { db } from "../db/client";
import { getEnv } from "../env";

/** The claims Larder reads, from the ID token and, when it lacks them, from the userinfo endpoint. */
export type TOidcProfile = {
  iss?: string;
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
};

/** Why a single sign-on was refused: the code /signin turns into Larder's own message. */
type TOidcRefusal = "OidcNoEmail" | "OidcEmailUnverified" | "OidcIdentityMismatch" | "AccessDenied";

export type TOidcDecision =
  | { ok: true; user: { id: string; email: string; name: string; isAdmin: boolean }; linked: boolean }
  | { ok: false; refusal: TOidcRefusal; userId: string | null };

const hasIdentityClaims = (claims: Partial<TOidcProfile>) =>
  Boolean(claims.email) && claims.email_verified !== undefined;

/**
 * A spec-following provider puts only `sub`, `aud`, `iss`, `exp` and `iat` in the ID token and serves `email`
 * from the userinfo endpoint. next-auth reads only the ID token when `idToken` is set, so read userinfo too when
 * the token lacks the claims (openid-client refuses a userinfo answer whose `sub` differs from the token's).
 * The ID token's claims win where both have one.
 */
const readProfile: NonNullable<Extract<OAuthConfig<TOidcProfile>["userinfo"], object>["request"]> = async ({
  tokens,
  client,
}) => {
  // At run time next-auth hands over openid-client's TokenSet (its declared type is the plain parameters).
  const tokenSet = tokens as Parameters<typeof client.userinfo>[0] & { claims: () => unknown };
  const claims = tokenSet.claims() as TOidcProfile;
  if (hasIdentityClaims(claims)) return claims;
  const info = (await client.userinfo(tokenSet)) as Partial<TOidcProfile>;
  const defined = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  return { ...info, ...defined } as TOidcProfile;
};

export const oidcProviders = (): NextAuthOptions["providers"] => {
  const env = getEnv();
  if (!env.LARDER_OIDC_ISSUER || !env.LARDER_OIDC_CLIENT_ID || !env.LARDER_OIDC_CLIENT_SECRET) return [];
  const provider: OAuthConfig<TOidcProfile> = {
    id: "oidc",
    name: env.LARDER_OIDC_NAME,
    type: "oauth",
    wellKnown: `${env.LARDER_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: env.LARDER_OIDC_CLIENT_ID,
    clientSecret: env.LARDER_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    userinfo: { request: readProfile },
    profile: (profile) => ({
      id: profile.sub,
      email: profile.email?.toLowerCase() ?? null,
      name: profile.name ?? profile.email ?? profile.sub,
    }),
  };
  return [provider];
};

const isVerified = (value: TOidcProfile["email_verified"]) => value === true || value === "true";

/**
 * Decides whether a single sign-on account may sign in, and as which Larder user. An account already bound to a
 * user (issuer + subject) signs in as that user. Otherwise the provider must vouch for the email
 * (`email_verified`, unless LARDER_OIDC_ALLOW_UNVERIFIED_EMAIL=1), a Larder user with that email must exist
 * (an administrator creates users; no self-registration) and must not be bound to another subject; the first
 * sign-in binds it.
 */
export const admitOidcAccount = async (profile: TOidcProfile): Promise<TOidcDecision> => {
  const env = getEnv();
  const issuer = profile.iss ?? env.LARDER_OIDC_ISSUER ?? "";
  const bound = await db.user.findUnique({
    where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: profile.sub } },
  });
  if (bound) return { ok: true, user: bound, linked: false };
  const email = profile.email?.trim().toLowerCase();
  if (!email) return { ok: false, refusal: "OidcNoEmail", userId: null };
  const user = await db.user.findUnique({ where: { email } });
  if (!isVerified(profile.email_verified) && env.LARDER_OIDC_ALLOW_UNVERIFIED_EMAIL !== "1") {
    return { ok: false, refusal: "OidcEmailUnverified", userId: user?.id ?? null };
  }
  if (!user) return { ok: false, refusal: "AccessDenied", userId: null };
  if (user.oidcSubject !== null) return { ok: false, refusal: "OidcIdentityMismatch", userId: user.id };
  // Bind only if still unbound, so two first sign-ins racing cannot both win.
  const { count } = await db.user.updateMany({
    where: { id: user.id, oidcSubject: null },
    data: { oidcIssuer: issuer, oidcSubject: profile.sub },
  });
  if (count === 0) return { ok: false, refusal: "OidcIdentityMismatch", userId: user.id };
  return { ok: true, user, linked: true };
};
