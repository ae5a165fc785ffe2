import { existsSync, readdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { errorToResponse } from "@/server/http/problem";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { accessFor, createTestProject, createTestUser, userContext } from "@/test/helpers";
import { insertIntoFeatureGroup } from "./insert";
import { stageUpload } from "./uploads";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// A full or read-only data directory, met by every request that writes there: the upload, the staging of JSON
// rows for an insert, the table of a new feature group. Tests run as root, where file modes stop nothing, so the
// storage's answer is injected into node:fs for paths under the data directory only: ENOSPC/EDQUOT part-way
// through a write (a partial file exists when it fails), EACCES/EROFS/EPERM when a directory or file is created.
// Each must answer 507 or 503 with a message that names no server path, and leave no file and no registry row.

type TFault = { at: "mkdir" | "open" | "write"; code: string } | null;
let fault: TFault = null;

const errno = (code: string) => Object.assign(new Error(`${code}: simulated, '${getDataDir()}/x'`), { code });
const inDataDir = (target: unknown) => typeof target === "string" && path.resolve(target).startsWith(getDataDir());

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const mkdir = (async (target: string, options?: unknown) => {
    if (fault?.at === "mkdir" && inDataDir(target)) throw errno(fault.code);
    return actual.mkdir(target, options as never);
  }) as typeof actual.mkdir;
  const open = (async (target: string, ...rest: unknown[]) => {
    if (fault?.at === "open" && inDataDir(target)) throw errno(fault.code);
    return (actual.open as (...args: unknown[]) => unknown)(target, ...rest);
  }) as typeof actual.open;
  return { ...actual, mkdir, open, default: { ...actual, mkdir, open } };
});

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const createWriteStream = ((target: string, options?: unknown) => {
    if (fault?.at === "open" && inDataDir(target)) {
      const code = fault.code;
      return new Writable({ construct: (callback) => callback(errno(code)), write: (_c, _e, callback) => callback() });
    }
    const stream = actual.createWriteStream(target, options as never) as WriteStream;
    if (fault?.at === "write" && inDataDir(target)) {
      // The first chunk reaches the disk, then the device is full: the partial file must not survive.
      const code = fault.code;
      let calls = 0;
      const write = stream._write.bind(stream);
      stream._write = (chunk, encoding, callback) =>
        calls++ === 0 ? write(chunk, encoding, callback) : callback(errno(code));
      stream._writev = (chunks, callback) =>
        calls++ === 0 ? write(chunks[0].chunk, chunks[0].encoding, callback) : callback(errno(code));
    }
    return stream;
  }) as typeof actual.createWriteStream;
  return { ...actual, createWriteStream, default: { ...actual, createWriteStream } };
});

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
const ctx = () => userContext(owner);
const access = () => accessFor(project, "OWNER");

const CASES: { code: string; status: number; title: string; at: "mkdir" | "open" | "write" }[] = [
  { code: "ENOSPC", status: 507, title: "Insufficient storage", at: "write" },
  { code: "EDQUOT", status: 507, title: "Insufficient storage", at: "write" },
  { code: "EACCES", status: 503, title: "Service unavailable", at: "mkdir" },
  { code: "EROFS", status: 503, title: "Service unavailable", at: "open" },
  { code: "EPERM", status: 503, title: "Service unavailable", at: "mkdir" },
];

/** The problem+json the API would answer for the call's error, which must be a storage refusal. */
const problemOf = async (call: () => Promise<unknown>) => {
  const error = await call().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).not.toBeNull();
  const response = errorToResponse(error);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
};

const expectClearProblem = (
  problem: Awaited<ReturnType<typeof problemOf>>,
  expected: { status: number; title: string },
) => {
  expect(problem.status).toBe(expected.status);
  expect(problem.type).toBe("application/problem+json");
  expect(problem.body.title).toBe(expected.title);
  expect(problem.body.detail).toMatch(expected.status === 507 ? /full/ : /does not accept writes/);
  expect(problem.body.detail).toMatch(/nothing was written/);
  // No server path, no driver text: neither the data directory nor the errno's own message.
  expect(problem.body.detail).not.toContain(getDataDir());
  expect(problem.body.detail).not.toMatch(/\/|simulated|E[A-Z]{3,}/);
};

const uploadsDir = () => path.join(getDataDir(), "projects", project.id, "uploads");
const stagedFiles = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()) : []);

const csvBody = () => {
  const lines = ["id,amount,ts", ...Array.from({ length: 2_000 }, (_, i) => `${i},${i * 0.5},2026-01-01T00:00:00Z`)];
  const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
  // Several chunks, as a network body arrives, so the write fails part-way through the file.
  return new ReadableStream<Uint8Array>({
    start: (controller) => {
      for (let offset = 0; offset < bytes.length; offset += 4_096)
        controller.enqueue(bytes.slice(offset, offset + 4_096));
      controller.close();
    },
  });
};

beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
  await createFeatureGroup({
    ctx: ctx(),
    access: access(),
    input: {
      name: "payments",
      primaryKey: ["id"],
      eventTime: "ts",
      features: featureList({ id: "bigint", amount: "double", ts: "timestamp" }),
    },
  });
});

afterEach(() => {
  fault = null;
});

describe.each(CASES)("a data directory answering $code", ({ code, status, title, at }) => {
  it(`upload: ${status}, no file, no upload row`, async () => {
    fault = { at, code };
    const problem = await problemOf(() =>
      stageUpload({ ctx: ctx(), access: access(), fileName: "payments.csv", body: csvBody() }),
    );
    fault = null;
    expectClearProblem(problem, { status, title });
    expect(stagedFiles()).toEqual([]);
    expect(await db.upload.count({ where: { projectId: project.id } })).toBe(0);
  });

  it(`insert of JSON rows: ${status}, nothing staged, no job`, async () => {
    fault = { at, code };
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ id: i, amount: i, ts: "2026-01-01T00:00:00Z" }));
    const problem = await problemOf(() =>
      insertIntoFeatureGroup({ ctx: ctx(), access: access(), name: "payments", version: 1, rows }),
    );
    fault = null;
    expectClearProblem(problem, { status, title });
    expect(stagedFiles()).toEqual([]);
    expect(await db.upload.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.job.count({ where: { projectId: project.id } })).toBe(0);
  });

  it(`new feature group: ${status}, no table directory, no row`, async () => {
    const name = `fg_${code.toLowerCase()}`;
    // A full device refuses the table's first log file (its directory was already made: it must go); a read-only
    // one refuses the directory itself.
    fault = { at: status === 507 ? "open" : "mkdir", code };
    const problem = await problemOf(() =>
      createFeatureGroup({
        ctx: ctx(),
        access: access(),
        input: { name, primaryKey: ["id"], features: [{ name: "id", type: "bigint" }] },
      }),
    );
    fault = null;
    expectClearProblem(problem, { status, title });
    expect(await db.featureGroup.count({ where: { projectId: project.id, name } })).toBe(0);
    expect(existsSync(path.join(getDataDir(), "projects", project.id, "offline", `${name}_v1`))).toBe(false);
  });
});
