import "server-only";
import { describeRelation } from "../offline";
import { DEFAULT_STATISTICS_CONFIG, type TStatisticsDocument } from "@/lib/api/statistics";
import { kindOf, optionsOf, toStatisticsDocument } from "./document";

// The statistics document of any rows a job has at hand (a backtest's window of each version, docs/backtesting.md),
// described with the default configuration exactly as a commit's or a training dataset split's are. Nothing stored.

const DESCRIBE_DUCKDB = { memoryLimit: "1GB", threads: 2 };

export const describeRows = async ({
  relationSql,
  features,
}: {
  /** A relation usable as `FROM … AS t` (a Parquet file). */
  relationSql: string;
  features: { name: string; type: string }[];
}): Promise<TStatisticsDocument> => {
  const raw = await describeRelation({
    source: { relationSql },
    columns: features.map((feature) => ({ name: feature.name, kind: kindOf(feature.type) })),
    options: optionsOf(DEFAULT_STATISTICS_CONFIG),
    duckdb: DESCRIBE_DUCKDB,
  });
  return toStatisticsDocument({
    raw,
    types: new Map(features.map((feature) => [feature.name, feature.type])),
    config: DEFAULT_STATISTICS_CONFIG,
  });
};
