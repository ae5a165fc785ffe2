import { z } from "zod";

// Project, feature group and feature view names become table and path names, so one rule governs them all.
export const NAME_MAX_LENGTH = 63; // PostgreSQL's identifier limit
export const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

export const ZNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`)
  .regex(NAME_PATTERN, "must start with a lowercase letter and contain only lowercase letters, digits and underscores");
export const isValidName = (value: string): boolean => ZNameSchema.safeParse(value).success;
