import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createUser, findUsers } from "@/server/registry/users";

export const GET = route(OPERATIONS.listUsers, async () => ({ users: await findUsers() }));

export const POST = route(OPERATIONS.createUser, async ({ ctx, body }) => createUser({ ctx, ...body }));
