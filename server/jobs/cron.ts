import "server-only";
import { CronExpressionParser } from "cron-parser";
import { InvalidInputError } from "../errors";

// Schedules use classic 5-field cron in UTC. cron-parser is what pg-boss evaluates schedules with, so an
// expression accepted here is one pg-boss will fire on; the field count is checked first because
// cron-parser would also take a 6-field (seconds) expression that the API does not promise.
const CRON_FIELDS = 5;
export const SCHEDULE_TIMEZONE = "UTC";

export const assertValidCron = ({ cron, field = "cron" }: { cron: string; field?: string }): string => {
  const normalized = cron.trim().split(/\s+/).join(" ");
  const invalid = (message: string) => new InvalidInputError("Invalid cron expression", [{ path: field, message }]);
  if (normalized.split(" ").length !== CRON_FIELDS)
    throw invalid("must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'");
  try {
    CronExpressionParser.parse(normalized, { tz: SCHEDULE_TIMEZONE, strict: false });
  } catch (error) {
    throw invalid(`is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return normalized;
};

export const nextCronRun = ({ cron, from = new Date() }: { cron: string; from?: Date }): Date | null => {
  try {
    return CronExpressionParser.parse(cron, { tz: SCHEDULE_TIMEZONE, currentDate: from, strict: false })
      .next()
      .toDate();
  } catch {
    return null;
  }
};
