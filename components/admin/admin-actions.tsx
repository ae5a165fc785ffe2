import Link from "next/link";

const ADMIN_PAGES = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/sign-ins", label: "Sign-ins" },
  { href: "/admin/tag-schemas", label: "Tag schemas" },
  { href: "/admin/usage", label: "Usage" },
];

/** An admin page's actions: links to the other admin pages, then its own buttons. */
export const AdminActions = ({ current, children }: { current: string; children?: React.ReactNode }) => (
  <div className="flex items-center gap-3">
    {ADMIN_PAGES.filter(({ href }) => href !== current).map(({ href, label }) => (
      <Link key={href} href={href} className="text-sm font-medium underline">
        {label}
      </Link>
    ))}
    {children}
  </div>
);
