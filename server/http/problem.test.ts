import { describe, expect, it } from "vitest";
import { errorToResponse } from "@/server/http/problem";
import { DeltaVersionNotFoundError, OfflineStoreInputError } from "@/server/offline";
import { Prisma } from "@/server/db/generated/client";
import { InvalidInputError } from "@/server/errors";

// The one place errors become HTTP: input judged by a lower layer is still a 4xx naming the field.
describe("errorToResponse", () => {
  it("maps the offline store's input errors to 422 naming the field", async () => {
    const response = errorToResponse(
      new OfflineStoreInputError({ field: "partitionColumns", message: "Array columns cannot partition a table" }),
    );
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).errors).toEqual([
      { path: "partitionColumns", message: "Array columns cannot partition a table" },
    ]);
    expect(
      errorToResponse(new DeltaVersionNotFoundError({ tablePath: "/t", detail: "version 9 does not exist" })).status,
    ).toBe(422);
  });

  it("maps a lost unique-constraint race to 409, domain errors to their status, and anything else to 500", async () => {
    const race = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", {
      code: "P2002",
      clientVersion: "7",
    });
    expect(errorToResponse(race).status).toBe(409);
    expect(errorToResponse(new InvalidInputError("bad", [{ path: "name", message: "x" }])).status).toBe(422);
    const original = console.error;
    console.error = () => undefined;
    try {
      const response = errorToResponse(new Error("boom"));
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain("boom");
    } finally {
      console.error = original;
    }
  });
});
