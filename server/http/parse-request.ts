import "server-only";
import type { z } from "zod";
import { paramTitle, type TOperation } from "@/lib/api/operation";
import { getEnv } from "../env";
import { InvalidInputError, NotFoundError } from "../errors";
import { zodIssuesToFields } from "../errors";
import { readJsonBody, refuseNul } from "./read-body";

// Turning a request into an operation's typed inputs: path parameters, query and JSON body, each parsed with the
// operation's own schema (lib/api/operations), so what a handler receives is what the OpenAPI document promises.

export type TRouteContext = { params: Promise<Record<string, string | string[]>> };

// Enough of a malformed value to recognise it in a message; control characters would only confuse a log or a UI.
const SHOWN_VALUE_LENGTH = 100;
const shown = (value: string | undefined): string =>
  (value ?? "").replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, SHOWN_VALUE_LENGTH);

/**
 * Path parameters are parsed before any database call. A malformed one names nothing that could exist, so it
 * answers 404 — the same answer as an object the caller cannot see — and never reaches a query.
 */
export const parseParams = async <O extends TOperation>(
  operation: O,
  context: TRouteContext | undefined,
): Promise<z.output<O["params"]>> => {
  const raw = (await context?.params) ?? {};
  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(operation.params.shape) as [string, z.ZodType][]) {
    const value = raw[name];
    const text = Array.isArray(value) ? value.join("/") : value;
    const result = schema.safeParse(text);
    if (!result.success) throw new NotFoundError(`${paramTitle(schema)} '${shown(text)}' not found`);
    parsed[name] = result.data;
  }
  return parsed as z.output<O["params"]>;
};

type TParsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export const parseQuery = <O extends TOperation>(operation: O, url: URL): TParsed<O["query"]> => {
  if (!operation.query) return undefined as TParsed<O["query"]>;
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = value;
  refuseNul(raw, "query");
  const parsed = operation.query.safeParse(raw);
  if (!parsed.success)
    throw new InvalidInputError("Invalid query parameters", zodIssuesToFields(parsed.error, "query"));
  return parsed.data as TParsed<O["query"]>;
};

/** The JSON body, bounded in size; raw-body operations (uploads, vectors) read the request themselves. */
export const parseBody = async <O extends TOperation>(operation: O, request: Request): Promise<TParsed<O["body"]>> => {
  if (!operation.body || operation.rawBody) return undefined as TParsed<O["body"]>;
  const json = await readJsonBody(request, operation.maxBodyBytes ?? getEnv().LARDER_MAX_JSON_BYTES);
  refuseNul(json);
  const parsed = operation.body.safeParse(json);
  if (!parsed.success)
    throw new InvalidInputError("The request body failed validation", zodIssuesToFields(parsed.error));
  return parsed.data as TParsed<O["body"]>;
};
