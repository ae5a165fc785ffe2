import type { Metadata } from "next";
import Link from "next/link";
import { AdminOnly } from "@/components/admin/admin-only";
import { AuditTable } from "@/components/audit/audit-table";
import { Card } from "@/components/ui/card";
import { ZAuditQuerySchema } from "@/lib/api/schemas";
import { findSignInEvents } from "@/server/audit/query";
import { requireCurrentUser } from "@/server/registry/current-user";

export const metadata: Metadata = { title: "Sign-ins" };
export const dynamic = "force-dynamic";

type TSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every sign-in, refused sign-in and sign-out, newest first (`?actor=` narrows to an email, `?cursor=` pages). */
export default async function AdminSignInsPage({ searchParams }: { searchParams: TSearchParams }) {
  const user = await requireCurrentUser();
  if (!user.isAdmin) {
    return <AdminOnly description="Only platform administrators can read every sign-in. Ask one of them." />;
  }
  const params = await searchParams;
  const parsed = ZAuditQuerySchema.safeParse({ actor: params.actor, cursor: params.cursor, limit: 100 });
  const query = parsed.success ? parsed.data : ZAuditQuerySchema.parse({ limit: 100 });
  const page = await findSignInEvents({ query });
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign-ins</h1>
        <p className="text-sm text-slate-600">
          Every sign-in (password and single sign-on), refused sign-in and sign-out, newest first. Project owners and
          auditors see those of their members in the project&apos;s audit log.
        </p>
      </div>
      <Card>
        {page.events.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">No sign-ins recorded yet.</p>
        ) : (
          <AuditTable events={page.events} />
        )}
      </Card>
      {page.nextCursor !== null && (
        <Link className="text-sm font-medium underline" href={`/admin/sign-ins?cursor=${page.nextCursor}`}>
          Older sign-ins
        </Link>
      )}
    </div>
  );
}
