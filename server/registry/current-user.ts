import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { TUser } from "@/lib/api/schemas";
import { authOptions } from "@/server/auth/options";
import { findUserById } from "./users";

/** The signed-in user of a console page; sends anyone else (or a deleted account) to sign-in. */
export const requireCurrentUser = async (): Promise<TUser> => {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const user = userId ? await findUserById(userId) : null;
  if (!user) redirect("/signin");
  return user;
};
