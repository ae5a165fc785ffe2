import type { Metadata } from "next";
import Link from "next/link";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { authOptions } from "@/server/auth/options";
import { countUsers } from "@/server/registry/users";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Keeps only the path of the callback URL, so sign-in can never send a user to another site. */
const safeCallbackUrl = (value: string | undefined): string => {
  if (!value) return "/projects";
  try {
    const url = new URL(value, "http://larder.invalid");
    return url.pathname.startsWith("/signin") ? "/projects" : `${url.pathname}${url.search}`;
  } catch {
    return "/projects";
  }
};

export default async function SignInPage({ searchParams }: { searchParams: TSearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await getServerSession(authOptions)) redirect(callbackUrl);
  const hasUsers = (await countUsers()) > 0;
  const oidc = authOptions.providers.find((provider) => provider.id === "oidc");
  return (
    <AuthCard title="Sign in to Larder" description="Use the email and password your administrator gave you.">
      {!hasUsers && (
        <Alert tone="info" className="mb-5" title="Larder has no users yet">
          <Link href="/setup" className="font-medium underline">
            Create the first administrator
          </Link>{" "}
          to get started.
        </Alert>
      )}
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={first(params.error) ?? null}
        initialRetryAfter={Number(first(params.retryAfter)) || 0}
        oidcProvider={oidc ? { id: oidc.id, name: oidc.name } : null}
      />
    </AuthCard>
  );
}
