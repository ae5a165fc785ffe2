import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { signInWithThrottle } from "@/server/http/sign-in-route";

const handler = NextAuth(authOptions);

export const GET = handler;
export const POST = signInWithThrottle(handler);
