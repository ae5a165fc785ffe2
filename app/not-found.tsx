import { AuthNotice } from "@/components/auth/auth-card";

export default function NotFound() {
  return (
    <AuthNotice
      title="Page not found"
      description="There is nothing at this address. It may have moved, or the link is mistyped."
      link={{ href: "/projects", label: "Go to your projects" }}
    />
  );
}
