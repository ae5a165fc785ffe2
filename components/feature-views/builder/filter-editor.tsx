"use client";

import { Plus, X } from "lucide-react";
import { Button, IconButton } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Options } from "@/components/ui/select-options";
import { FILTER_OPS, newDraftKey, type TFilterDraft } from "./builder-draft";

// A small and/or tree editor over the view's output features. Nested groups go one level at a time.

const OP_LABELS: Record<(typeof FILTER_OPS)[number], string> = {
  "=": "=",
  "!=": "≠",
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  in: "in",
  not_in: "not in",
  is_null: "is null",
  is_not_null: "is not null",
};
const MAX_EDITOR_DEPTH = 3;

const newCondition = (feature: string): TFilterDraft => ({
  key: newDraftKey(),
  kind: "condition",
  feature,
  op: "=",
  value: "",
});
export const newFilterGroup = (feature: string): TFilterDraft => ({
  key: newDraftKey(),
  kind: "group",
  combinator: "and",
  children: [newCondition(feature)],
});

const ConditionRow = ({
  condition,
  features,
  onChange,
  onRemove,
  label,
}: {
  condition: Extract<TFilterDraft, { kind: "condition" }>;
  features: string[];
  onChange: (next: TFilterDraft) => void;
  onRemove: () => void;
  label: string;
}) => (
  <div className="grid grid-cols-[minmax(0,1.2fr)_8rem_minmax(0,1fr)_auto] items-center gap-2">
    <Select
      aria-label={`Feature of ${label}`}
      value={condition.feature}
      onValueChange={(feature) => onChange({ ...condition, feature })}
      className="font-mono text-xs"
    >
      {!features.includes(condition.feature) && (
        <option value={condition.feature}>{condition.feature || "choose a feature"}</option>
      )}
      <Options values={features} />
    </Select>
    <Select
      aria-label={`Operator of ${label}`}
      value={condition.op}
      onChange={(event) => onChange({ ...condition, op: event.target.value as typeof condition.op })}
    >
      <Options values={FILTER_OPS} labels={OP_LABELS} />
    </Select>
    {condition.op === "is_null" || condition.op === "is_not_null" ? (
      <span />
    ) : (
      <Input
        aria-label={`Value of ${label}`}
        value={condition.value}
        onValueChange={(value) => onChange({ ...condition, value })}
        placeholder={condition.op === "in" || condition.op === "not_in" ? "a, b, c" : "value"}
        className="font-mono text-xs"
      />
    )}
    <IconButton icon={X} label={`Remove ${label}`} onClick={onRemove} />
  </div>
);

export const FilterGroupEditor = ({
  group,
  features,
  onChange,
  onRemove,
  depth = 0,
  label = "filter",
}: {
  group: Extract<TFilterDraft, { kind: "group" }>;
  features: string[];
  onChange: (next: TFilterDraft) => void;
  onRemove: () => void;
  depth?: number;
  label?: string;
}) => {
  const setChild = (index: number, child: TFilterDraft) =>
    onChange({ ...group, children: group.children.map((current, position) => (position === index ? child : current)) });
  const removeChild = (index: number) => {
    const children = group.children.filter((_, position) => position !== index);
    if (children.length === 0) onRemove();
    else onChange({ ...group, children });
  };
  return (
    <div className={depth > 0 ? "grid gap-2 rounded-md border border-slate-200 bg-slate-50/60 p-3" : "grid gap-2"}>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>Keep rows matching</span>
        <Select
          aria-label={`Combine conditions of ${label}`}
          value={group.combinator}
          onChange={(event) => onChange({ ...group, combinator: event.target.value as "and" | "or" })}
          className="h-8 w-36"
        >
          <option value="and">all (and)</option>
          <option value="or">any (or)</option>
        </Select>
        <span>of:</span>
        {depth > 0 && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            className="ml-auto"
            onClick={onRemove}
            aria-label={`Remove ${label}`}
          >
            <X aria-hidden /> Remove group
          </Button>
        )}
      </div>
      {group.children.map((child, index) => {
        const childLabel = `${label} condition ${index + 1}`;
        return child.kind === "group" ? (
          <FilterGroupEditor
            key={child.key}
            group={child}
            features={features}
            depth={depth + 1}
            label={`${label} group ${index + 1}`}
            onChange={(next) => setChild(index, next)}
            onRemove={() => removeChild(index)}
          />
        ) : (
          <ConditionRow
            key={child.key}
            condition={child}
            features={features}
            label={childLabel}
            onChange={(next) => setChild(index, next)}
            onRemove={() => removeChild(index)}
          />
        );
      })}
      <div className="flex gap-2">
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => onChange({ ...group, children: [...group.children, newCondition(features[0] ?? "")] })}
        >
          <Plus aria-hidden /> {depth === 0 ? "Add filter" : "Add condition"}
        </Button>
        {depth < MAX_EDITOR_DEPTH && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => onChange({ ...group, children: [...group.children, newFilterGroup(features[0] ?? "")] })}
          >
            <Plus aria-hidden /> Add group
          </Button>
        )}
      </div>
    </div>
  );
};
