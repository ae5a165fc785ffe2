import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Feature groups, views and datasets are read only through their `…Where` helper (access-where.ts), because
// sharing between projects will plug in there: a read that builds its own `{ projectId }` would silently miss
// shared objects, or worse, a later widening would miss it. This scans the source, so it also catches reads
// that no test happens to exercise.

const ROOT = path.resolve(import.meta.dirname, "..");
const SCANNED_DIRS = ["server", "app", "scripts"];
// The helpers' own file; the generated client; the demo seed, which writes a project it has just created.
const EXCLUDED = [/^server\/access-where\.ts$/, /^server\/db\/generated\//, /^server\/demo\//, /\.test\.tsx?$/];

const HELPER_OF_MODEL: Record<string, string> = {
  featureGroup: "featureGroupWhere",
  featureView: "featureViewWhere",
  trainingDataset: "trainingDatasetWhere",
};
const READ_METHODS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
]);
const HELPERS = new Set(Object.values(HELPER_OF_MODEL));
const RAW_SQL_READ = /\b(FROM|JOIN)\s+"(FeatureGroup|FeatureView|TrainingDataset)"/i;

const callsHelper = (node: ts.Node, helper: string): boolean =>
  (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === helper) ||
  (ts.forEachChild(node, (child) => callsHelper(child, helper) || undefined) ?? false);

const whereOf = (call: ts.CallExpression): ts.Expression | undefined => {
  const [argument] = call.arguments;
  if (!argument || !ts.isObjectLiteralExpression(argument)) return undefined;
  const where = argument.properties.find(
    (property) => ts.isPropertyAssignment(property) && property.name.getText() === "where",
  );
  return where && ts.isPropertyAssignment(where) ? where.initializer : undefined;
};

/** Reads of the three models that bypass their helper, as `line: problem` strings. */
const findUnscopedReads = ({ fileName, source }: { fileName: string; source: string }): string[] => {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const problems: string[] = [];
  const report = (node: ts.Node, problem: string) =>
    problems.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${problem}`);
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      READ_METHODS.has(node.expression.name.text) &&
      ts.isPropertyAccessExpression(node.expression.expression) &&
      node.expression.expression.name.text in HELPER_OF_MODEL
    ) {
      const model = node.expression.expression.name.text;
      const where = whereOf(node);
      if (!where || !callsHelper(where, HELPER_OF_MODEL[model]))
        report(node, `${model}.${node.expression.name.text} without ${HELPER_OF_MODEL[model]}(…) in its where`);
    }
    // The helper's condition lives under AND; a caller's own top-level AND beside it would replace it.
    if (
      ts.isObjectLiteralExpression(node) &&
      node.properties.some(
        (property) =>
          ts.isSpreadAssignment(property) &&
          ts.isCallExpression(property.expression) &&
          ts.isIdentifier(property.expression.expression) &&
          HELPERS.has(property.expression.expression.text),
      ) &&
      node.properties.some((property) => property.name?.getText() === "AND")
    )
      report(node, "a top-level AND beside a …Where helper overrides the helper's condition");
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || ts.isStringLiteral(node)) {
      if (RAW_SQL_READ.test(node.getText())) report(node, "raw SQL reads a registry table without its helper");
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !EXCLUDED.some((pattern) => pattern.test(relative)) ? [relative] : [];
  });

describe("reads of feature groups, views and datasets", () => {
  it("go through featureGroupWhere / featureViewWhere / trainingDatasetWhere in every server file", () => {
    const files = SCANNED_DIRS.flatMap(sourceFiles);
    // Guards against a scan that silently finds nothing (a moved folder, a wrong root).
    expect(files).toContain("server/serving/plan.ts");
    expect(files).toContain("server/feature-views/training-datasets.ts");
    const problems = files.flatMap((fileName) =>
      findUnscopedReads({ fileName, source: readFileSync(path.join(ROOT, fileName), "utf8") }).map(
        (problem) => `${fileName}:${problem}`,
      ),
    );
    expect(problems).toEqual([]);
  });

  it("the scan flags each way of bypassing the helpers, and accepts the helper", () => {
    const scan = (source: string) => findUnscopedReads({ fileName: "example.ts", source });
    expect(scan(`db.featureGroup.findMany({ where: { projectId } });`)).toEqual([
      "1: featureGroup.findMany without featureGroupWhere(…) in its where",
    ]);
    expect(scan(`tx.trainingDataset.count();`)).toEqual([
      "1: trainingDataset.count without trainingDatasetWhere(…) in its where",
    ]);
    // The wrong entity's helper does not count.
    expect(scan(`db.featureView.findFirst({ where: { ...featureGroupWhere(reader), name } });`)).toHaveLength(1);
    // A where built elsewhere cannot be checked, so it is refused too.
    expect(scan(`db.featureView.findFirst({ where });`)).toHaveLength(1);
    expect(scan(`db.featureView.findFirst({ where: { ...featureViewWhere(reader), AND: [{ name }] } });`)).toEqual([
      "1: a top-level AND beside a …Where helper overrides the helper's condition",
    ]);
    expect(scan('db.$queryRaw`SELECT * FROM "FeatureGroup" WHERE id = ${id}`;')).toHaveLength(1);
    expect(
      scan(`db.featureGroup.findFirst({ where: { ...featureGroupWhere({ projectId, intent: "read" }), id } });`),
    ).toEqual([]);
    // Writes are not reads: they name their row by an id that a scoped read has produced.
    expect(scan(`db.featureGroup.update({ where: { id }, data: { description } });`)).toEqual([]);
  });
});
