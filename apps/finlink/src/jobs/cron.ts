import cronParser from "cron-parser";

/** 03:00 UTC every day (FINLINK_DAILY_UPDATE_CRON). */
export const DAILY_UPDATE_CRON = "0 3 * * *";

/** Every hour, at minute 17 (FINLINK_HOUSEKEEPING_CRON). */
export const HOUSEKEEPING_CRON = "17 * * * *";

/**
 * Why pg-boss would refuse `expression` as a schedule, or null. Parsed by the cron-parser pg-boss itself
 * schedules with (same version, UTC), so a bad value stops the process at start instead of at
 * `boss.schedule` once the workers are half up. Five fields only: cron-parser also takes a sixth (seconds)
 * field and an empty string (every minute), but pg-boss sends a schedule at most once a minute, so those
 * would only mislead.
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return "must be five fields: minute hour day-of-month month day-of-week (UTC), e.g. 0 3 * * *";
  }
  try {
    cronParser.parseExpression(expression, { tz: "UTC" });
    return null;
  } catch (error) {
    return `is not a cron expression: ${(error as Error).message}`;
  }
}
