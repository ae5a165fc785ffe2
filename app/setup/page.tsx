import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { Button } from "@/components/ui/button";
import { countUsers } from "@/server/registry/users";

export const metadata: Metadata = { title: "Set up Larder" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers()) > 0) {
    return (
      <AuthCard
        title="Larder is already set up"
        description="An administrator exists, so first-run setup is closed. Ask an administrator for an account."
      >
        <Button asChild className="w-full">
          <Link href="/signin">Go to sign in</Link>
        </Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Welcome to Larder"
      description="Create the first administrator. You can then create projects and add other users."
    >
      <SetupForm />
    </AuthCard>
  );
}
