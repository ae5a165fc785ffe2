// Import boundaries between the rooms of server/ and the top-level folders, as docs/architecture.md states them.
// `npm run check:boundaries` (part of `npm test`) fails on any violation. Change the levels here and the table in
// docs/architecture.md together.

// server/ rooms from the most dependent down; a room imports only rooms on lower levels, never one beside it.
// Rooms not built yet are listed so that they land in their place. The floor (below) is open to every room.
const LEVELS = [
  ["demo"],
  ["erasure"],
  // Usage reads what the rooms below record (jobs, offline and online stores, serving metrics, shares) by table.
  ["usage"],
  ["sharing"],
  ["models", "sources"],
  ["lineage"],
  ["search"],
  ["tags"],
  // Above monitoring, stats, validation and feature-views: a backtest compares two versions with all four.
  ["backtests"],
  ["monitoring"],
  ["stats"],
  ["serving"],
  ["feature-views"],
  ["ingest"],
  // Below ingest: the ingest runner applies a group's expectation suite inside the write (docs/architecture.md).
  ["validation"],
  ["online"],
  ["maintenance"],
  ["registry"],
  ["jobs"],
  ["http"],
  ["auth"],
  ["audit"],
];
// Sealed stores: they import the floor and nothing else of the project.
const SEALED = ["online-store", "offline"];
// The floor: the database client, env, typed errors, ids, who is calling from where, and what a project may read
// (access-where.ts: the where helpers that sharing will widen, needed from jobs upward).
const FLOOR = "^server/(db/|(env|errors|ids|principal|client-ip|access-where)\\.ts$)";

const ROOMS = [...LEVELS.flat(), ...SEALED];
const TESTS = "(\\.test\\.ts$|^test/)";
const room = (names) => `^server/(${names.join("|")})/`;

// Composition roots of the worker: they hand the domains' runners to the job runner (server/jobs/define.ts).
const WORKER_ENTRY = "^server/jobs/worker-main\\.ts$";
const WORKER_RUNNERS = "^server/jobs/worker-runners\\.ts$";
// A runner lives in its domain in a file named `<what>-job.ts` or `<what>-jobs.ts`; the work it delegates to, in
// `run-<what>.ts` (the job runner's own run-attempt.ts is not a domain's).
const RUNNER_MODULES = `(^server/(?!jobs/)[^/]+/([^/]+-jobs?|run-[^/]+)\\.ts$|${WORKER_RUNNERS})`;

const downwardOnly = LEVELS.flatMap((level, index) =>
  level.map((name) => {
    const notBelow = [...LEVELS.slice(0, index).flat(), ...level.filter((other) => other !== name)];
    return {
      name: `${name}-imports-only-rooms-below`,
      comment: `server/${name} may import only rooms below it (docs/architecture.md)`,
      severity: "error",
      from: { path: room([name]), pathNot: [TESTS, WORKER_ENTRY, WORKER_RUNNERS] },
      to: { path: room(notBelow) },
    };
  }),
).filter((rule) => !rule.to.path.endsWith("()/"));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycles, within a room or between rooms",
      severity: "error",
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    ...downwardOnly,
    {
      name: "sealed-stores-import-only-the-floor",
      comment: "server/offline and server/online-store import only the floor, lib/ and packages",
      severity: "error",
      from: { path: room(SEALED), pathNot: TESTS },
      to: { path: "^(server|components|app)/", pathNot: [FLOOR, "^server/$1/"] },
    },
    {
      name: "offline-is-self-contained",
      comment: "The Delta store speaks only its own types (not lib/'s), so it could be lifted out as a library",
      severity: "error",
      from: { path: "^server/offline/", pathNot: TESTS },
      to: { path: "^lib/" },
    },
    {
      name: "floor-imports-only-the-floor",
      comment: "The floor (db, env, errors, ids, principal, client-ip) imports the floor and lib/ only",
      severity: "error",
      from: { path: FLOOR, pathNot: TESTS },
      to: { path: "^(server|components|app)/", pathNot: [FLOOR, "^server/db/generated/"] },
    },
    {
      name: "server-files-belong-to-a-room",
      comment: `A file of server/ lives in a room of docs/architecture.md (${ROOMS.join(", ")}) or on the floor`,
      severity: "error",
      from: { path: "^server/", pathNot: [room(ROOMS), FLOOR] },
      to: {},
    },
    {
      name: "only-the-worker-entry-loads-runners",
      comment: "The list of runners is imported by the worker's entry and tests, nothing else",
      severity: "error",
      from: { pathNot: [WORKER_ENTRY, TESTS] },
      to: { path: WORKER_RUNNERS },
    },
    {
      name: "web-never-loads-runners",
      comment: "Nothing the web process loads (app/) reaches a job runner: it enqueues by contract",
      severity: "error",
      from: { path: "^app/" },
      to: { path: RUNNER_MODULES, reachable: true },
    },
    {
      name: "routes-use-services",
      comment: "Route files call the services of server/ rooms, never the database or a store directly",
      severity: "error",
      from: { path: "^app/" },
      to: { path: `^server/(db|${SEALED.join("|")})/` },
    },
    {
      name: "components-never-import-server",
      comment: "React components run in the browser too: they use lib/ (the typed client), never server/ or app/",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(server|app)/" },
    },
    {
      name: "lib-is-isomorphic",
      comment: "lib/ runs on both sides: it imports nothing of server/, components/ or app/",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(server|components|app)/" },
    },
    {
      name: "server-never-imports-the-ui",
      comment: "Server code never imports components/ or app/ (its tests may call route handlers)",
      severity: "error",
      from: { path: "^server/", pathNot: TESTS },
      to: { path: "^(components|app)/" },
    },
    {
      name: "product-never-imports-tests",
      comment: "Test helpers and fixtures live in test/ and are imported by tests only",
      severity: "error",
      from: { path: "^(app|components|lib|server)/", pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: "resolvable",
      comment: "Every import resolves to a file or a package",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(server/db/generated/|\\.next/|node_modules/)" },
    // Type-only imports couple rooms as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
