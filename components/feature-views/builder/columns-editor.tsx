"use client";

import { Select } from "@/components/ui/input";
import { InlineTable } from "@/components/ui/table";
import { FieldError } from "@/components/ui/field";
import { NUMERIC_TRANSFORMATIONS, TRANSFORMATION_TYPES, type TTransformationType } from "@/lib/api/feature-views";
import { isNumericType } from "@/lib/client/format-values";
import type { THelperUse } from "./builder-draft";
import type { TPreviewColumn } from "./builder-preview";

export const TRANSFORMATION_LABELS: Record<TTransformationType, string> = {
  min_max_scaler: "Min-max scaler",
  standard_scaler: "Standard scaler",
  robust_scaler: "Robust scaler",
  label_encoder: "Label encoder",
  one_hot_encoder: "One-hot encoder",
};

/** Per output column: a model-dependent transformation and whether it is a training- or inference-only helper. */
export const ColumnsEditor = ({
  columns,
  transformations,
  helpers,
  errors,
  onTransformationsChange,
  onHelpersChange,
}: {
  columns: TPreviewColumn[];
  transformations: Record<string, TTransformationType>;
  helpers: Record<string, THelperUse>;
  errors: Record<string, string | undefined>;
  onTransformationsChange: (next: Record<string, TTransformationType>) => void;
  onHelpersChange: (next: Record<string, THelperUse>) => void;
}) => (
  <InlineTable
    caption="Transformations and helper columns per output feature"
    columns={["Feature", "Transformation", "Kept in"]}
    headClassName="border-b border-slate-200 uppercase tracking-wide"
    headerCellClassName="py-2 pr-3"
  >
    {columns.map((column) => {
      const isNumeric = column.type !== "on-demand" && isNumericType(column.type);
      const error = errors[column.name];
      return (
        <tr key={`${column.source}.${column.name}`}>
          <td className="py-1.5 pr-3">
            <span className="font-mono text-xs text-slate-900">{column.name}</span>{" "}
            <span className="text-xs text-slate-500">{column.type}</span>
          </td>
          <td className="py-1.5 pr-3">
            <Select
              aria-label={`Transformation of ${column.name}`}
              aria-invalid={Boolean(error)}
              className="h-8 max-w-52"
              value={transformations[column.name] ?? ""}
              onChange={(event) => {
                const { [column.name]: _removed, ...rest } = transformations;
                onTransformationsChange(
                  event.target.value ? { ...rest, [column.name]: event.target.value as TTransformationType } : rest,
                );
              }}
            >
              <option value="">None</option>
              {TRANSFORMATION_TYPES.map((type) => (
                <option
                  key={type}
                  value={type}
                  disabled={NUMERIC_TRANSFORMATIONS.includes(type) && !isNumeric && column.type !== "on-demand"}
                >
                  {TRANSFORMATION_LABELS[type]}
                </option>
              ))}
            </Select>
            <FieldError message={error} className="mt-1" />
          </td>
          <td className="py-1.5">
            <Select
              aria-label={`Where ${column.name} is kept`}
              className="h-8 w-56"
              value={helpers[column.name] ?? "both"}
              onChange={(event) => onHelpersChange({ ...helpers, [column.name]: event.target.value as THelperUse })}
            >
              <option value="both">Training and inference</option>
              <option value="training">Training only (helper)</option>
              <option value="inference">Inference only (helper)</option>
            </Select>
          </td>
        </tr>
      );
    })}
  </InlineTable>
);
