import { createFirstAdmin } from "@/server/registry/users";
import { errorToResponse } from "@/server/http/problem";
import { readJsonBody } from "@/server/http/read-body";
import { InvalidInputError, zodIssuesToFields } from "@/server/errors";
import { ZCreateUserSchema } from "@/lib/api/schemas";

// Public on purpose, and only useful once: it refuses as soon as any user exists.
export const POST = async (request: Request): Promise<Response> => {
  try {
    const parsed = ZCreateUserSchema.omit({ isAdmin: true }).safeParse(await readJsonBody(request, 64 * 1024));
    if (!parsed.success)
      throw new InvalidInputError("The request body failed validation", zodIssuesToFields(parsed.error));
    return Response.json(await createFirstAdmin(parsed.data), { status: 201 });
  } catch (error) {
    return errorToResponse(error);
  }
};
