import { z } from "zod";
import { defineOperation, noParams } from "../operation";
import { ZCreateUserSchema, ZMeSchema, ZProjectSchema, ZUserSchema, ZCreateProjectSchema } from "../schemas";

// Operations outside any project: the caller, users, projects to choose from, first-run setup, the document.

// First-run setup is public and tiny; a bound well below LARDER_MAX_JSON_BYTES keeps anonymous bodies cheap.
const SETUP_MAX_BODY_BYTES = 64 * 1024;

const ZOpenApiDocumentSchema = z
  .object({ openapi: z.literal("3.1.0"), info: z.object({ title: z.string(), version: z.string() }).loose() })
  .loose()
  .describe("This document");

export const USER_OPERATIONS = {
  getMe: defineOperation({
    id: "getMe",
    method: "get",
    path: "/api/v1/me",
    summary: "The signed-in user; with an API key, its owner and the key's project and scopes",
    tag: "Users",
    auth: "user",
    allowsApiKey: true,
    params: noParams,
    response: ZMeSchema,
    successStatus: 200,
  }),
  listUsers: defineOperation({
    id: "listUsers",
    method: "get",
    path: "/api/v1/users",
    summary: "List users (administrators)",
    tag: "Users",
    auth: "admin",
    params: noParams,
    response: z.object({ users: z.array(ZUserSchema) }),
    successStatus: 200,
  }),
  createUser: defineOperation({
    id: "createUser",
    method: "post",
    path: "/api/v1/users",
    summary: "Create a user (administrators)",
    tag: "Users",
    auth: "admin",
    params: noParams,
    body: ZCreateUserSchema,
    response: ZUserSchema,
    successStatus: 201,
  }),
  setup: defineOperation({
    id: "setup",
    method: "post",
    path: "/api/v1/setup",
    summary: "First-run setup: create the first administrator (only while no user exists)",
    tag: "Users",
    auth: "public",
    params: noParams,
    body: ZCreateUserSchema.omit({ isAdmin: true }),
    maxBodyBytes: SETUP_MAX_BODY_BYTES,
    response: ZUserSchema,
    successStatus: 201,
  }),
  listProjects: defineOperation({
    id: "listProjects",
    method: "get",
    path: "/api/v1/projects",
    summary: "Projects you are a member of; with an API key, the key's project only",
    tag: "Projects",
    auth: "user",
    allowsApiKey: true,
    params: noParams,
    response: z.object({ projects: z.array(ZProjectSchema) }),
    successStatus: 200,
  }),
  createProject: defineOperation({
    id: "createProject",
    method: "post",
    path: "/api/v1/projects",
    summary: "Create a project; you become its Owner",
    tag: "Projects",
    auth: "user",
    params: noParams,
    body: ZCreateProjectSchema,
    response: ZProjectSchema,
    successStatus: 201,
  }),
};

// Listed last in the reference: the document about the document.
export const DOCUMENT_OPERATIONS = {
  getOpenApiDocument: defineOperation({
    id: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This OpenAPI 3.1 document, generated from the declarations of the operations",
    tag: "API",
    auth: "public",
    params: noParams,
    response: ZOpenApiDocumentSchema,
    successStatus: 200,
  }),
};
