"use client";

import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";

type TFeatureOption = { name: string; type: string; note?: string };

/** A checkbox list of a group's features with "All" and "None", and, for the root, a label toggle per feature. */
export const FeatureChecklist = ({
  legend,
  features,
  selected,
  onChange,
  labels,
  onLabelsChange,
  error,
}: {
  legend: string;
  features: TFeatureOption[];
  selected: string[];
  onChange: (next: string[]) => void;
  labels?: string[];
  onLabelsChange?: (next: string[]) => void;
  error?: string;
}) => {
  const toggle = (name: string, isOn: boolean) =>
    onChange(
      isOn
        ? features.map((feature) => feature.name).filter((feature) => feature === name || selected.includes(feature))
        : selected.filter((feature) => feature !== name),
    );
  return (
    <fieldset className="grid gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-medium text-slate-800">
          {legend}{" "}
          <span className="font-normal text-slate-600">
            ({selected.length} of {features.length} selected)
          </span>
        </legend>
        <div className="flex gap-1">
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => onChange(features.map((feature) => feature.name))}
            aria-label={`Select all features: ${legend}`}
          >
            All
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="sm"
            onClick={() => onChange([])}
            aria-label={`Select none of the features: ${legend}`}
          >
            None
          </Button>
        </div>
      </div>
      <ul className="grid max-h-72 gap-x-4 overflow-y-auto rounded-md border border-slate-200 px-3 py-1.5 sm:grid-cols-2">
        {features.map((feature) => {
          const isLabel = labels?.includes(feature.name) ?? false;
          return (
            <li key={feature.name} className="flex items-center justify-between gap-2 py-1 text-sm">
              <label className="flex min-w-0 items-center gap-2">
                <input
                  type="checkbox"
                  className="accent-brand-600"
                  checked={selected.includes(feature.name)}
                  onChange={(event) => toggle(feature.name, event.target.checked)}
                />
                <span className="truncate font-mono text-xs text-slate-900">{feature.name}</span>
                <span className="shrink-0 text-xs text-slate-500">{feature.type}</span>
                {feature.note && <span className="shrink-0 text-xs text-amber-700">{feature.note}</span>}
              </label>
              {onLabelsChange && (
                <label className="flex shrink-0 items-center gap-1 text-xs text-slate-700">
                  <input
                    type="checkbox"
                    className="accent-violet-600"
                    checked={isLabel}
                    aria-label={`${feature.name} is a label`}
                    onChange={(event) =>
                      onLabelsChange(
                        event.target.checked
                          ? [...(labels ?? []), feature.name]
                          : (labels ?? []).filter((label) => label !== feature.name),
                      )
                    }
                  />
                  label
                </label>
              )}
            </li>
          );
        })}
      </ul>
      <FieldError message={error} />
    </fieldset>
  );
};
