import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { signInWithThrottle, withSignInAudit } from "@/server/http/sign-in-route";

const handler = NextAuth(authOptions);

export const GET = withSignInAudit(handler);
export const POST = signInWithThrottle(handler);
