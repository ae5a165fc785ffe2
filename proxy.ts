import { withAuth } from "next-auth/middleware";

// Every console page needs a session; /api/** authenticates itself (sessions or API keys, answering
// problem+json rather than redirecting), and the sign-in and first-run pages must stay reachable.
export default withAuth({ pages: { signIn: "/signin" } });

export const config = {
  matcher: ["/((?!signin|setup|api/|_next/|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
