"use client";

import { FieldError, TextField } from "@/components/ui/field";
import { KindFieldset } from "@/components/ui/radio-choices";
import { Input } from "@/components/ui/input";
import { SPLIT_NAMES } from "@/lib/api/training-datasets";
import { messageAt } from "@/lib/client/form-errors";
import { splitSum, type TDraftFieldsProps, type TSplitDraft } from "./dataset-draft";
import { SPLIT_LABELS } from "./training-dataset-status-badge";

const SPLIT_TYPES = [
  { value: "none", label: "No split", hint: "one file with every row" },
  { value: "random", label: "Random", hint: "fractions with a seed; the same seed gives the same split" },
  { value: "time", label: "By time", hint: "a [start, end) range of label time per split" },
] as const;

/** none | random (fractions that must add up to 1, and a seed) | time (ranges per split). */
export const SplitFields = ({ split, errors, onChange }: TDraftFieldsProps<TSplitDraft> & { split: TSplitDraft }) => {
  const sum = splitSum(split);
  const addsUp = sum !== null && Math.abs(sum - 1) < 1e-9;
  return (
    <KindFieldset legend="Split" label="Split" choices={SPLIT_TYPES} draft={split} onChange={onChange}>
      {split.type === "random" && (
        <div className="grid gap-2">
          <div className="grid grid-cols-4 gap-3">
            {SPLIT_NAMES.map((name) => (
              <TextField
                key={name}
                label={`${SPLIT_LABELS[name]} fraction`}
                error={errors[`split.${name}`]}
                type="number"
                step="0.05"
                min={0}
                max={1}
                value={split[name]}
                onChange={(event) => onChange({ ...split, [name]: event.target.value })}
              />
            ))}
            <TextField
              label="Seed"
              error={errors["split.seed"]}
              type="number"
              min={0}
              step={1}
              value={split.seed}
              onValueChange={(seed) => onChange({ ...split, seed })}
            />
          </div>
          <p role="status" className={addsUp ? "text-xs text-emerald-800" : "text-xs font-medium text-red-700"}>
            {sum === null
              ? "Enter a number for each fraction."
              : addsUp
                ? `Fractions add up to 1 (${Math.round(Number(split.train) * 100)}% / ${Math.round(Number(split.validation || 0) * 100)}% / ${Math.round(Number(split.test) * 100)}%).`
                : `Fractions add up to ${Number(sum.toFixed(6))}; they must add up to 1.`}
          </p>
          <FieldError message={errors.split} />
        </div>
      )}
      {split.type === "time" && (
        <div className="grid gap-2">
          {SPLIT_NAMES.map((name) => (
            <div key={name} className="grid grid-cols-[6rem_minmax(0,1fr)_minmax(0,1fr)] items-start gap-2">
              <span className="pt-2 text-sm font-medium text-slate-800">
                {SPLIT_LABELS[name]}
                {name === "train" ? "" : " (optional)"}
              </span>
              {(["start", "end"] as const).map((bound) => (
                <Input
                  key={bound}
                  type="datetime-local"
                  aria-label={`${SPLIT_LABELS[name]} ${bound}`}
                  aria-invalid={Boolean(messageAt(errors, `split.${name}.${bound}`))}
                  value={split.ranges[name][bound]}
                  onValueChange={(value) =>
                    onChange({
                      ...split,
                      ranges: { ...split.ranges, [name]: { ...split.ranges[name], [bound]: value } },
                    })
                  }
                />
              ))}
              <div className="col-start-2 col-end-4 empty:hidden">
                <FieldError message={messageAt(errors, `split.${name}`)} className="mt-1" />
              </div>
            </div>
          ))}
          <p className="text-xs text-slate-600">
            Start inclusive, end exclusive, in your time zone. A row goes to the first range it falls in; rows outside
            every range are dropped.
          </p>
        </div>
      )}
    </KindFieldset>
  );
};
