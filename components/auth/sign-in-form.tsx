"use client";

import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { signInWithPassword } from "@/lib/client/sign-in";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Invalid email or password.",
  AccessDenied: "Your account is not allowed to sign in here. An administrator must create your Larder account first.",
  SessionRequired: "Please sign in to continue.",
  OAuthSignin: "Could not start single sign-on. Try again or use your password.",
  OAuthCallback: "Single sign-on did not complete. Try again or use your password.",
  OidcNoEmail: "Your single sign-on provider did not share your email address, so Larder cannot tell who you are.",
  OidcEmailUnverified:
    "Your single sign-on provider has not verified your email address. Verify it there, then sign in again.",
  OidcIdentityMismatch:
    "This Larder account is bound to another single sign-on identity. Ask an administrator if your account changed.",
};

const messageFor = (error: string, secondsLeft: number): string =>
  error === "TooManyAttempts"
    ? secondsLeft > 0
      ? `Too many failed attempts — try again in ${secondsLeft} s.`
      : "Too many failed attempts — you can try again now."
    : (MESSAGES[error] ?? "Sign-in failed. Try again.");

/** Counts down to zero once a second from `seconds`. */
const useCountdown = (seconds: number): number => {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    setDeadline(Date.now() + seconds * 1000);
    setNow(Date.now());
  }, [seconds]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return deadline === null ? seconds : Math.max(0, Math.ceil((deadline - now) / 1000));
};

export type TOidcProvider = { id: string; name: string };

export const SignInForm = ({
  callbackUrl,
  initialError,
  initialRetryAfter,
  oidcProvider,
}: {
  callbackUrl: string;
  initialError: string | null;
  initialRetryAfter: number;
  oidcProvider: TOidcProvider | null;
}) => {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [isPending, setIsPending] = useState(false);
  const [failure, setFailure] = useState<{ error: string; retryAfter: number; attempt: number } | null>(
    initialError ? { error: initialError, retryAfter: initialRetryAfter, attempt: 0 } : null,
  );
  const secondsLeft = useCountdown(failure?.retryAfter ?? 0);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setIsPending(true);
    try {
      const result = await signInWithPassword({ email: email.trim(), password, callbackUrl });
      if (result.ok) {
        // A full navigation, so the server renders the console with the new session cookie.
        window.location.assign(callbackUrl);
        return;
      }
      setFailure((current) => ({
        error: result.error,
        retryAfter: result.retryAfterSeconds ?? 0,
        attempt: (current?.attempt ?? 0) + 1,
      }));
    } catch {
      setFailure((current) => ({ error: "Network", retryAfter: 0, attempt: (current?.attempt ?? 0) + 1 }));
    }
    setIsPending(false);
  };
  return (
    <div className="grid gap-5">
      {failure && (
        <Alert key={failure.attempt} tone="danger">
          {failure.error === "Network"
            ? "Could not reach the server. Check your connection and try again."
            : messageFor(failure.error, secondsLeft)}
        </Alert>
      )}
      <form onSubmit={submit} className="grid gap-4">
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onValueChange={setEmail}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onValueChange={setPassword}
        />
        <Button type="submit" className="w-full" isLoading={isPending}>
          Sign in
        </Button>
      </form>
      {oidcProvider && (
        <>
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden>
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => signIn(oidcProvider.id, { callbackUrl })}>
            Sign in with {oidcProvider.name}
          </Button>
        </>
      )}
    </div>
  );
};
