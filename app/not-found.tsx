import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <AuthCard
      title="Page not found"
      description="There is nothing at this address. It may have moved, or the link is mistyped."
    >
      <Button asChild className="w-full">
        <Link href="/projects">Go to your projects</Link>
      </Button>
    </AuthCard>
  );
}
