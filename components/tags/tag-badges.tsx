import { Badge } from "@/components/ui/badge";

type TTag = { schema: string; value: Record<string, unknown> };

const describe = (value: Record<string, unknown>) =>
  Object.entries(value)
    .map(([field, item]) => `${field}: ${Array.isArray(item) ? item.join(", ") : String(item)}`)
    .join(" · ");

/** Tags (schema and values) and keywords as badges; a pii tag is marked as personal data. */
export const TagBadges = ({ tags, keywords }: { tags: TTag[]; keywords: string[] }) => (
  <span className="flex flex-wrap gap-1">
    {tags.map((tag) => (
      <Badge key={tag.schema} tone={tag.schema === "pii" ? "danger" : "violet"} title={describe(tag.value)}>
        {tag.schema}
        {typeof tag.value.category === "string" && `: ${tag.value.category.replaceAll("_", " ")}`}
      </Badge>
    ))}
    {keywords.map((keyword) => (
      <Badge key={keyword}>{keyword}</Badge>
    ))}
  </span>
);
