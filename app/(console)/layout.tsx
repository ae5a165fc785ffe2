import { ConsoleShell } from "@/components/shell/console-shell";
import { requireCurrentUser } from "@/server/registry/current-user";

export const dynamic = "force-dynamic";

// The auth gate of every console page (proxy.ts redirects earlier; this also catches deleted accounts).
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireCurrentUser();
  return <ConsoleShell user={{ email: user.email, name: user.name, isAdmin: user.isAdmin }}>{children}</ConsoleShell>;
}
