import { z } from "zod";
import { ZNameSchema } from "../names";

// Discovery and access requests (docs/sharing.md, "Discovery and access requests"): an Owner marks a project
// discoverable; non-members find its feature groups' and views' metadata in search and ask to join it with a role;
// the Owner approves with a role or declines; the requester is notified.

/** Roles one may ask for, or be granted, through a request: never Owner (an Owner adds another Owner as a member). */
export const REQUESTABLE_ROLES = ["VIEWER", "EDITOR", "AUDITOR"] as const;
export type TRequestableRole = (typeof REQUESTABLE_ROLES)[number];
const ACCESS_REQUEST_STATUSES = ["PENDING", "APPROVED", "DECLINED", "WITHDRAWN"] as const;
const ACCESS_REQUEST_REASON_MAX = 1000;

export const ZSetDiscoverableSchema = z
  .object({ discoverable: z.boolean().describe("Whether non-members find the project's catalog metadata in search") })
  .strict()
  .meta({ id: "SetDiscoverable" });

export const ZDiscoverableStateSchema = z
  .object({ project: z.string(), discoverable: z.boolean() })
  .meta({ id: "DiscoverableState" });

export const ZCreateAccessRequestSchema = z
  .object({
    project: ZNameSchema.describe("The discoverable project to join"),
    role: z.enum(REQUESTABLE_ROLES).describe("The role asked for: VIEWER, EDITOR or AUDITOR"),
    reason: z
      .string()
      .trim()
      .min(1, "say why you need access")
      .max(ACCESS_REQUEST_REASON_MAX, `at most ${ACCESS_REQUEST_REASON_MAX} characters`)
      .describe("Why you need access (shown to the project's Owners)"),
  })
  .strict()
  .meta({ id: "CreateAccessRequest" });
export type TCreateAccessRequest = z.infer<typeof ZCreateAccessRequestSchema>;

export const ZDecideAccessRequestSchema = z
  .object({ role: z.enum(REQUESTABLE_ROLES).optional().describe("The role granted (default: the role asked for)") })
  .strict()
  .meta({ id: "ApproveAccessRequest" });

const ZWhoWhenSchema = z.object({ at: z.string(), by: z.string().nullable() }).nullable();

export const ZAccessRequestSchema = z
  .object({
    id: z.string(),
    project: z.string(),
    requester: z.object({ email: z.string(), name: z.string() }),
    role: z.enum(REQUESTABLE_ROLES),
    reason: z.string(),
    status: z.enum(ACCESS_REQUEST_STATUSES),
    createdAt: z.string(),
    decided: ZWhoWhenSchema,
    grantedRole: z.enum(REQUESTABLE_ROLES).nullable(),
  })
  .meta({ id: "AccessRequest" });
export type TAccessRequest = z.infer<typeof ZAccessRequestSchema>;

export const ZAccessRequestListSchema = z
  .object({ requests: z.array(ZAccessRequestSchema) })
  .meta({ id: "AccessRequestList" });

const ZNotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    message: z.string(),
    link: z.string().nullable(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: "UserNotification" });

export const ZNotificationListSchema = z
  .object({ notifications: z.array(ZNotificationSchema), unread: z.number().int() })
  .meta({ id: "UserNotificationList" });
export type TNotificationList = z.infer<typeof ZNotificationListSchema>;

export const ZMarkNotificationsReadSchema = z
  .object({ all: z.literal(true).describe("Mark every notification of yours read") })
  .strict()
  .meta({ id: "MarkNotificationsRead" });

/** A feature group or view of a discoverable project the caller is not a member of: its metadata only. */
export const ZDiscoverableResultSchema = z.object({
  kind: z.enum(["featureGroup", "featureView"]),
  project: z.string(),
  name: z.string(),
  version: z.number().int().nullable(),
  description: z.string(),
  owner: z.string().nullable(),
  tags: z.array(z.object({ schema: z.string(), version: z.number().int(), value: z.record(z.string(), z.unknown()) })),
  keywords: z.array(z.string()),
  discoverable: z.literal(true),
  member: z.literal(false),
});
export type TDiscoverableResult = z.infer<typeof ZDiscoverableResultSchema>;
