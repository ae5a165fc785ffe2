"use client";

import { Plus, Trash2, X } from "lucide-react";
import { Button, IconButton } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, FieldError, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { VersionOptions } from "@/components/ui/select-options";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { messageAt, type TFieldMessages } from "@/lib/client/form-errors";
import {
  joinSelectable,
  refKey,
  rootAlias,
  type TBuilderDraft,
  type TGroupLookup,
  type TJoinDraft,
  withJoinGroup,
} from "./builder-draft";
import { FeatureChecklist } from "./feature-checklist";

/** One join: the group, its left side (root or an earlier join: snowflake), the key pairs, prefix and features. */
export const JoinCard = ({
  index,
  join,
  draft,
  groups,
  lookup,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  join: TJoinDraft;
  draft: TBuilderDraft;
  groups: TFeatureGroup[];
  lookup: TGroupLookup;
  errors: TFieldMessages;
  onChange: (next: TJoinDraft) => void;
  onRemove: () => void;
}) => {
  const group = lookup(join.featureGroup);
  const path = `joins.${index}`;
  const leftOptions = [
    { alias: rootAlias(draft), ref: draft.root.featureGroup },
    ...draft.joins.slice(0, index).map((earlier) => ({ alias: earlier.alias, ref: earlier.featureGroup })),
  ];
  const leftGroup = lookup(leftOptions.find((option) => option.alias === join.left)?.ref ?? null);
  const changeGroup = (key: string) => {
    const next = groups.find((candidate) => refKey(candidate) === key);
    if (!next) return;
    onChange(withJoinGroup(draft, join, next));
  };
  const setPair = (pairIndex: number, side: "leftOn" | "rightOn", value: string) => {
    const nextSide = join[side].map((column, position) => (position === pairIndex ? value : column));
    const rightOn = side === "rightOn" ? nextSide : join.rightOn;
    onChange({
      ...join,
      [side]: nextSide,
      ...(side === "rightOn" && group ? { selected: join.selected.filter((name) => !rightOn.includes(name)) } : {}),
    });
  };
  const removePair = (pairIndex: number) =>
    onChange({
      ...join,
      leftOn: join.leftOn.filter((_, position) => position !== pairIndex),
      rightOn: join.rightOn.filter((_, position) => position !== pairIndex),
    });
  return (
    <Card aria-label={`Join ${index + 1}: ${join.alias}`}>
      <CardHeader
        title={`Join ${index + 1}: ${join.featureGroup.name} v${join.featureGroup.version}`}
        description={`Each ${rootAlias(draft)} row gets the ${join.featureGroup.name} row with equal keys as of its event time.`}
        actions={
          <Button
            icon={Trash2}
            type="button"
            variant="ghost"
            size="sm"
            onClick={onRemove}
            aria-label={`Remove join ${index + 1}`}
          >
            Remove
          </Button>
        }
      />
      <CardBody className="grid gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Feature group" error={messageAt(errors, `${path}.featureGroup`)}>
            {(control) => (
              <Select {...control} value={refKey(join.featureGroup)} onValueChange={changeGroup}>
                <VersionOptions items={groups} valueOf={refKey} />
              </Select>
            )}
          </Field>
          <Field
            label="Joined to (left side)"
            hint="The root (star) or an earlier join (snowflake)."
            error={errors[`${path}.left`]}
          >
            {(control) => (
              <Select {...control} value={join.left} onValueChange={(left) => onChange({ ...join, left })}>
                {leftOptions.map((option) => (
                  <option key={option.alias} value={option.alias}>
                    {option.alias}
                    {option.ref && option.ref.name !== option.alias ? ` (${option.ref.name})` : ""}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Join keys</legend>
          {join.leftOn.map((leftColumn, pairIndex) => (
            <div key={pairIndex} className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)_auto] items-start gap-2">
              <div>
                <Select
                  aria-label={`Left key ${pairIndex + 1} of join ${index + 1}`}
                  aria-invalid={Boolean(errors[`${path}.leftOn.${pairIndex}`])}
                  value={leftColumn}
                  onChange={(event) => setPair(pairIndex, "leftOn", event.target.value)}
                  className="font-mono text-xs"
                >
                  {!leftGroup?.features.some((feature) => feature.name === leftColumn) && (
                    <option value={leftColumn}>
                      {leftColumn} (not in {join.left})
                    </option>
                  )}
                  {leftGroup?.features.map((feature) => (
                    <option key={feature.name} value={feature.name}>
                      {join.left}.{feature.name}
                    </option>
                  ))}
                </Select>
                <FieldError message={errors[`${path}.leftOn.${pairIndex}`]} className="mt-1" />
              </div>
              <span className="pt-2 text-sm text-slate-600">=</span>
              <div>
                <Select
                  aria-label={`Right key ${pairIndex + 1} of join ${index + 1}`}
                  aria-invalid={Boolean(errors[`${path}.rightOn.${pairIndex}`])}
                  value={join.rightOn[pairIndex] ?? ""}
                  onChange={(event) => setPair(pairIndex, "rightOn", event.target.value)}
                  className="font-mono text-xs"
                >
                  {group?.features.map((feature) => (
                    <option key={feature.name} value={feature.name}>
                      {join.alias}.{feature.name}
                      {group.primaryKey.includes(feature.name) ? " (key)" : ""}
                    </option>
                  ))}
                </Select>
                <FieldError message={errors[`${path}.rightOn.${pairIndex}`]} className="mt-1" />
              </div>
              <IconButton
                icon={X}
                label={`Remove key pair ${pairIndex + 1} of join ${index + 1}`}
                onClick={() => removePair(pairIndex)}
                disabled={join.leftOn.length <= 1}
              />
            </div>
          ))}
          <FieldError message={errors[`${path}.leftOn`] || errors[`${path}.rightOn`]} />
          <Button
            type="button"
            variant="secondary"
            size="sm"
            className="justify-self-start"
            onClick={() =>
              onChange({
                ...join,
                leftOn: [...join.leftOn, leftGroup?.features[0]?.name ?? ""],
                rightOn: [...join.rightOn, group?.features[0]?.name ?? ""],
              })
            }
          >
            <Plus aria-hidden /> Add key pair
          </Button>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Alias"
            hint="How later joins name this one."
            error={errors[`${path}.alias`]}
            value={join.alias}
            onValueChange={(alias) => onChange({ ...join, alias, isAliasEdited: true })}
            className="font-mono"
            spellCheck={false}
          />
          <TextField
            label="Prefix (optional)"
            hint={`Prepended to its output columns, e.g. ${join.prefix || `${join.featureGroup.name.split("_")[0]}_`}${join.selected[0] ?? "feature"}.`}
            error={errors[`${path}.prefix`]}
            value={join.prefix}
            onValueChange={(prefix) => onChange({ ...join, prefix })}
            className="font-mono"
            spellCheck={false}
            placeholder="none"
          />
        </div>
        {group && (
          <FeatureChecklist
            legend={`Features of ${join.alias}`}
            features={joinSelectable(group, join.rightOn).map((name) => ({
              name,
              type: group.features.find((feature) => feature.name === name)?.type ?? "",
              note: name === group.eventTime ? "event time" : undefined,
            }))}
            selected={join.selected}
            onChange={(selected) => onChange({ ...join, selected })}
            error={messageAt(errors, `${path}.features`)}
          />
        )}
      </CardBody>
    </Card>
  );
};
