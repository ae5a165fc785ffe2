"use client";

import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { TTagField } from "@/lib/api/tags";

/** One field of a tag's value, as its schema types it (enum: a select; list: comma-separated). */
export const TagFieldInput = ({
  field,
  value,
  error,
  onChange,
}: {
  field: TTagField;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}) => {
  const label = `${field.name}${field.required ? "" : " (optional)"}`;
  return (
    <Field label={label} hint={field.description || undefined} error={error}>
      {(control) => {
        switch (field.type) {
          case "enum":
            return (
              <Select {...control} value={String(value ?? "")} onValueChange={(next) => onChange(next || undefined)}>
                <option value="">—</option>
                {field.values?.map((option) => (
                  <option key={option} value={option}>
                    {option.replaceAll("_", " ")}
                  </option>
                ))}
              </Select>
            );
          case "boolean":
            return (
              <Select
                {...control}
                value={value === undefined ? "" : String(value)}
                onValueChange={(next) => onChange(next === "" ? undefined : next === "true")}
              >
                <option value="">—</option>
                <option value="true">yes</option>
                <option value="false">no</option>
              </Select>
            );
          case "number":
            return (
              <Input
                {...control}
                type="number"
                value={value === undefined ? "" : String(value)}
                onValueChange={(next) => onChange(next === "" ? undefined : Number(next))}
              />
            );
          case "list":
            return (
              <Input
                {...control}
                value={Array.isArray(value) ? value.join(", ") : ""}
                onValueChange={(next) =>
                  onChange(
                    next
                      .split(",")
                      .map((item) => item.trim())
                      .filter(Boolean),
                  )
                }
              />
            );
          default:
            return (
              <Input
                {...control}
                type={field.type === "date" ? "date" : "text"}
                value={String(value ?? "")}
                onValueChange={(next) => onChange(next || undefined)}
              />
            );
        }
      }}
    </Field>
  );
};
