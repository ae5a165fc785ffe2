"use client";

import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";

// Catches what a page did not handle itself, inside the shell, so the sidebar stays usable.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card>
      <ErrorState title="This page failed to load" error={error} onRetry={reset} />
    </Card>
  );
}
