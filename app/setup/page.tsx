import type { Metadata } from "next";
import { AuthCard, AuthNotice } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { countUsers } from "@/server/registry/users";

export const metadata: Metadata = { title: "Set up Larder" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers()) > 0) {
    return (
      <AuthNotice
        title="Larder is already set up"
        description="An administrator exists, so first-run setup is closed. Ask an administrator for an account."
        link={{ href: "/signin", label: "Go to sign in" }}
      />
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
