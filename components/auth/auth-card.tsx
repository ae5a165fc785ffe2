import Link from "next/link";
import { LarderLogo } from "@/components/shell/larder-logo";
import { Button } from "@/components/ui/button";

/** The centred frame of the pages outside the console: sign-in and first-run setup. */
export const AuthCard = ({
  title,
  description,
  children,
}: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
}) => (
  <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
    <LarderLogo className="mb-8 scale-125" />
    <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-7 shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-6">{children}</div>
    </div>
    <p className="mt-6 text-xs text-slate-600">Larder — the open-source feature store</p>
  </main>
);

/** A page outside the console that only tells something and offers one way on (not found, setup already done). */
export const AuthNotice = ({
  title,
  description,
  link,
}: {
  title: string;
  description: string;
  link: { href: string; label: string };
}) => (
  <AuthCard title={title} description={description}>
    <Button asChild className="w-full">
      <Link href={link.href}>{link.label}</Link>
    </Button>
  </AuthCard>
);
