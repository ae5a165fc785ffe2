// A real OpenID Connect provider (the `oidc-provider` library) on loopback, for the single sign-on spec. The
// web server under test is configured for it (e2e/support/server.ts); the spec starts it before it signs in
// (next-auth reads the discovery document at sign-in, not at boot).
import type { Server } from "node:http";
import Provider from "oidc-provider";

const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3211);
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_NAME = "Loopback IdP";
export const OIDC_CLIENT = { id: "larder-e2e", secret: "larder-e2e-secret-0123456789" };

/** The provider's accounts (log in with the key as login, any password). Emails are Larder's demo users. */
const OIDC_ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  editor: { email: "editor@larder.local", email_verified: true, name: "Eddie at the IdP" },
  viewer: { email: "viewer@larder.local", email_verified: false, name: "Vera at the IdP" },
};

/**
 * Starts the provider. Like a spec-following provider with the code flow, it puts only `sub` (with `iss`, `aud`,
 * `exp`, `iat`…) in the ID token and serves email and name from the userinfo endpoint only; `userinfoReads`
 * lists the accounts whose userinfo was read.
 */
export const startOidcProvider = async ({ larderUrl }: { larderUrl: string }) => {
  const userinfoReads: string[] = [];
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${larderUrl}/api/auth/callback/oidc`],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: (use: string) => {
        if (use !== "userinfo") return { sub: id };
        userinfoReads.push(id);
        return { sub: id, ...OIDC_ACCOUNTS[id] };
      },
    }),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(OIDC_PORT, "127.0.0.1", () => resolve(listening));
  });
  return {
    userinfoReads,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
