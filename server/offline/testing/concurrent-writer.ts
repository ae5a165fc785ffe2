// Child-process writer for the cross-process concurrency test: appends `count` single-row commits, ids
// starting at `start`. Run with: node --conditions=react-server --import tsx concurrent-writer.ts <table> <start> <count>
import { writeCommit } from "../index";

const [tablePath, start, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
for (let i = 0; i < count; i += 1) {
  await writeCommit({
    tablePath,
    mode: "upsert",
    sourceSql: `SELECT ${start + i} AS id, 'child' AS name, ${i}.5 AS score`,
    commitInfo: { jobId: `child-${start}` },
  });
}
