import { z } from "zod";
import { ZNameSchema } from "../names";
import { ROLES, SCOPES } from "../scopes";

// Request and response schemas of /api/v1: shared by the route handlers, the console's forms and the
// OpenAPI document (server/http/openapi.ts). Names follow Z…Schema; inferred types T….

const ZRoleSchema = z.enum(ROLES);
const ZScopeSchema = z.enum(SCOPES);
const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("must be an email address"))
  .pipe(z.string().max(254));

export const ZProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

export const ZProjectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    createdAt: z.string(),
    role: ZRoleSchema,
    scopes: z.array(ZScopeSchema),
    memberCount: z.number().int(),
    discoverable: z.boolean().describe("Non-members find its feature groups' and views' metadata (docs/sharing.md)"),
  })
  .meta({ id: "Project" });
export type TProject = z.infer<typeof ZProjectSchema>;

export const ZCreateProjectSchema = z
  .object({ name: ZNameSchema, description: z.string().max(2000).default("") })
  .strict()
  .meta({ id: "CreateProject" });
export type TCreateProject = z.input<typeof ZCreateProjectSchema>;

export const ZDeleteProjectSchema = z
  .object({ confirm: z.string().describe("The project's name, typed again to confirm") })
  .strict()
  .meta({ id: "DeleteProject" });

export const ZMemberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: ZRoleSchema, createdAt: z.string() })
  .meta({ id: "Member" });
export type TMember = z.infer<typeof ZMemberSchema>;

export const ZAddMemberSchema = z.object({ email: ZEmailSchema, role: ZRoleSchema }).strict().meta({ id: "AddMember" });
export const ZUpdateMemberSchema = z.object({ role: ZRoleSchema }).strict().meta({ id: "UpdateMember" });

export const ZApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    userId: z.string(),
    ownerEmail: z.string().optional(),
  })
  .meta({ id: "ApiKey" });
export type TApiKey = z.infer<typeof ZApiKeySchema>;

export const ZCreateApiKeySchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(100),
    // Each scope at most once, so there can never be more than the scope list holds (10,000 copies were accepted).
    scopes: z
      .array(ZScopeSchema)
      .min(1, "choose at least one scope")
      .max(SCOPES.length, `at most ${SCOPES.length} scopes, each once`)
      .refine((scopes) => new Set(scopes).size === scopes.length, "must not name a scope twice"),
    // Must lie in the future; checked by the server's clock when the key is created (server/auth/api-keys.ts).
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .meta({ id: "CreateApiKey" });
export type TCreateApiKey = z.infer<typeof ZCreateApiKeySchema>;

export const ZCreatedApiKeySchema = z
  .object({ apiKey: ZApiKeySchema, secret: z.string().describe("Shown once; store it now") })
  .meta({ id: "CreatedApiKey" });

const ZAuditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    resourceName: z.string().nullable(),
    clientIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.unknown(),
  })
  .meta({ id: "AuditEvent" });
export type TAuditEvent = z.infer<typeof ZAuditEventSchema>;

export const ZAuditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TAuditQuery = z.infer<typeof ZAuditQuerySchema>;

export const ZAuditPageSchema = z
  .object({ events: z.array(ZAuditEventSchema), nextCursor: z.number().nullable() })
  .meta({ id: "AuditPage" });

export const ZUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: "User" });
export type TUser = z.infer<typeof ZUserSchema>;

export const ZCreateUserSchema = z
  .object({
    email: ZEmailSchema,
    name: z.string().trim().min(1, "must not be empty").max(200),
    password: z.string().min(8, "must be at least 8 characters").max(200),
    isAdmin: z.boolean().default(false),
  })
  .strict()
  .meta({ id: "CreateUser" });
export type TCreateUser = z.input<typeof ZCreateUserSchema>;

const ZCallingApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  project: z.object({ id: z.string(), name: z.string() }),
  role: ZRoleSchema.describe("The key owner's role in the project"),
  scopes: z.array(ZScopeSchema).describe("What the key may do now: its scopes that its owner still holds"),
  expiresAt: z.string().nullable(),
});
export const ZMeSchema = z
  .object({
    user: ZUserSchema.describe("The signed-in user, or the owner of the API key"),
    apiKey: ZCallingApiKeySchema.optional().describe("Present when the caller is an API key"),
  })
  .meta({ id: "Me" });
