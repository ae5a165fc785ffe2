import { z } from "zod";

// Definition history of feature groups and feature views (docs/history.md): the revisions of a name across its
// versions, and a side-by-side diff between any two of them.

const DEFINITION_CHANGES = ["created", "updated", "featuresAppended", "tags", "deleted"] as const;

const ZRevisionSchema = z.object({
  /** 1, 2, … over every version of the name, in the order the changes happened. */
  revision: z.number().int(),
  version: z.number().int(),
  change: z.enum(DEFINITION_CHANGES),
  summary: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
});
export type TRevision = z.infer<typeof ZRevisionSchema>;

export const ZDefinitionHistorySchema = z
  .object({ name: z.string(), revisions: z.array(ZRevisionSchema) })
  .meta({ id: "DefinitionHistory" });
export type TDefinitionHistory = z.infer<typeof ZDefinitionHistorySchema>;

const MAX_NUMBER = "[1-9][0-9]{0,9}";
const SELECTOR = new RegExp(`^(r${MAX_NUMBER}|v${MAX_NUMBER}(@[0-9T:.+\\-Z]{10,40})?)$`);
const ZSelectorSchema = z
  .string()
  .max(60)
  .regex(SELECTOR, "a revision (r7), a version (v3) or a version at a point in time (v3@2026-12-01T10:00:00Z)")
  .refine((text) => !text.includes("@") || !Number.isNaN(Date.parse(text.split("@")[1])), "the time is not a date");

export const ZDefinitionDiffQuerySchema = z
  .object({
    from: ZSelectorSchema.describe("The left side: r<revision>, v<version> (its latest revision) or v<version>@<time>"),
    to: ZSelectorSchema.describe("The right side, in the same form"),
  })
  .strict();

export type TRevisionSelector = { revision: number } | { version: number; at?: Date };

/** `r7` → revision 7; `v3` → version 3 as it stands; `v3@time` → version 3 as it stood then. */
export const parseSelector = (text: string): TRevisionSelector => {
  if (text.startsWith("r")) return { revision: Number(text.slice(1)) };
  const [version, at] = text.slice(1).split("@");
  return at ? { version: Number(version), at: new Date(at) } : { version: Number(version) };
};

const ZCellSchema = z.object({ line: z.number().int(), text: z.string() }).nullable();
export const ZDefinitionDiffSchema = z
  .object({
    name: z.string(),
    from: ZRevisionSchema.extend({ definition: z.record(z.string(), z.unknown()) }),
    to: ZRevisionSchema.extend({ definition: z.record(z.string(), z.unknown()) }),
    sections: z.array(
      z.object({
        title: z.string(),
        changed: z.boolean(),
        rows: z.array(
          z.object({ kind: z.enum(["same", "added", "removed", "changed"]), left: ZCellSchema, right: ZCellSchema }),
        ),
      }),
    ),
  })
  .meta({ id: "DefinitionDiff" });
export type TDefinitionDiff = z.infer<typeof ZDefinitionDiffSchema>;
