// Signs in with email and password through next-auth's credentials callback.
// next-auth's own `signIn()` parses the response's `url` with `new URL(url)`, which throws on the relative
// URL of our 429 answer and drops `retryAfter`; posting the form ourselves keeps both.

export type TSignInResult = { ok: true; url: string } | { ok: false; error: string; retryAfterSeconds?: number };

const errorOf = (url: string | undefined): string | null =>
  url ? new URL(url, window.location.origin).searchParams.get("error") : null;

export const signInWithPassword = async ({
  email,
  password,
  callbackUrl,
}: {
  email: string;
  password: string;
  callbackUrl: string;
}): Promise<TSignInResult> => {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: "true" }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  if (response.status === 429) {
    const fromUrl = body.url ? Number(new URL(body.url, window.location.origin).searchParams.get("retryAfter")) : NaN;
    const fromHeader = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      error: "TooManyAttempts",
      retryAfterSeconds: Number.isFinite(fromUrl) && fromUrl > 0 ? fromUrl : fromHeader || undefined,
    };
  }
  const error = errorOf(body.url);
  if (!response.ok || error) return { ok: false, error: error ?? "CredentialsSignin" };
  return { ok: true, url: body.url ?? callbackUrl };
};
