"use client";

import { Field, FieldError } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { EVENT_TIME_TYPES, type TFeatureType } from "@/lib/api/feature-groups";
import { messageAt, type TFieldMessages } from "@/lib/client/form-errors";

const NOT_A_KEY: readonly TFeatureType[] = ["float", "double", "array<float>"];
const NOT_A_PARTITION: readonly TFeatureType[] = ["float", "double", "array<float>", "timestamp"];

type TNamedFeature = { name: string; type: TFeatureType };

/** The single-column roles, each with the column types that may play it. */
const COLUMN_ROLES = [
  {
    key: "eventTime",
    label: "Event time",
    hint: "When each row's values were true; enables point-in-time joins and time travel. Timestamp, date or bigint.",
    fits: (type: TFeatureType) => EVENT_TIME_TYPES.includes(type),
  },
  {
    key: "partitionKey",
    label: "Partition key (optional)",
    hint: "Splits the offline table by this column's values; pick a low-cardinality column such as a date or a country.",
    fits: (type: TFeatureType) => !NOT_A_PARTITION.includes(type),
  },
] as const;

/** Primary key (several columns), event time and partition key, chosen among the features defined above. */
export const KeyColumnsFields = ({
  features,
  primaryKey,
  eventTime,
  partitionKey,
  errors,
  onChange,
}: {
  features: TNamedFeature[];
  primaryKey: string[];
  eventTime: string;
  partitionKey: string;
  errors: TFieldMessages;
  onChange: (patch: { primaryKey?: string[]; eventTime?: string; partitionKey?: string }) => void;
}) => {
  const named = features.filter((feature) => feature.name.trim() !== "");
  const primaryKeyError = messageAt(errors, "primaryKey");
  const roles = { eventTime, partitionKey };
  const toggleKey = (name: string, isChecked: boolean) =>
    onChange({ primaryKey: isChecked ? [...primaryKey, name] : primaryKey.filter((column) => column !== name) });
  return (
    <div className="grid gap-5">
      <fieldset aria-describedby="primary-key-hint" aria-invalid={Boolean(primaryKeyError)}>
        <legend className="text-sm font-medium text-slate-800">Primary key</legend>
        <p id="primary-key-hint" className="mt-0.5 text-xs text-slate-600">
          The entity&apos;s identity: one or more columns. Writing a row with an existing key (and event time) updates
          it.
        </p>
        {named.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Name a feature first.</p>
        ) : (
          <div className="mt-2 flex flex-wrap gap-2">
            {named.map((feature) => {
              const isDisabled = NOT_A_KEY.includes(feature.type);
              const isChecked = primaryKey.includes(feature.name);
              return (
                <label
                  key={feature.name}
                  className={`inline-flex items-center gap-2 rounded-md border px-2.5 py-1.5 text-sm ${isChecked ? "border-brand-600 bg-brand-50 text-brand-900" : "border-slate-300 bg-white text-slate-800"} ${isDisabled ? "opacity-50" : "cursor-pointer"}`}
                  title={isDisabled ? `A ${feature.type} column cannot be a key` : undefined}
                >
                  <input
                    type="checkbox"
                    className="accent-brand-600"
                    checked={isChecked}
                    disabled={isDisabled && !isChecked}
                    onChange={(event) => toggleKey(feature.name, event.target.checked)}
                  />
                  <span className="font-mono text-xs">{feature.name}</span>
                </label>
              );
            })}
          </div>
        )}
        <FieldError message={primaryKeyError} className="mt-1.5" />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {COLUMN_ROLES.map((role) => (
          <Field key={role.key} label={role.label} hint={role.hint} error={errors[role.key]}>
            {(control) => (
              <Select {...control} value={roles[role.key]} onValueChange={(column) => onChange({ [role.key]: column })}>
                <option value="">None</option>
                {named
                  .filter((feature) => role.fits(feature.type))
                  .map((feature) => (
                    <option key={feature.name} value={feature.name}>
                      {feature.name} ({feature.type})
                    </option>
                  ))}
              </Select>
            )}
          </Field>
        ))}
      </div>
    </div>
  );
};
