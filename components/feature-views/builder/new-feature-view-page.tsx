"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Database, Lock, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CreateFormFooter } from "@/components/ui/create-form-footer";
import { Card, CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field, FieldError, TextField } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ZCreateFeatureViewSchema } from "@/lib/api/feature-views";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, fetchFeatureGroups } from "@/lib/client/feature-store";
import { createFeatureView, featureViewHref, featureViewKeys, featureViewsHref } from "@/lib/client/feature-views";
import { fieldMessagesOf, messageAt, type TFieldMessages } from "@/lib/client/form-errors";
import {
  emptyDraft,
  newJoinDraft,
  refKey,
  replaceJoin,
  toCreateRequest,
  type TBuilderDraft,
  type TGroupLookup,
} from "./builder-draft";
import { previewOf } from "./builder-preview";
import { ColumnsEditor } from "./columns-editor";
import { FeatureChecklist } from "./feature-checklist";
import { FilterGroupEditor, newFilterGroup } from "./filter-editor";
import { JoinCard } from "./join-card";
import { OnDemandEditor } from "./on-demand-editor";
import { PreviewPanel } from "./preview-panel";

const FIX_FIELDS = "Some fields need attention; see the messages next to them.";

export const NewFeatureViewPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("featureViews:write");
  const query = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project.name, {}),
    queryFn: () => fetchFeatureGroups({ project: project.name }),
    enabled: canWrite,
  });
  const header = (
    <PageHeader
      title="New feature view"
      description="Choose the rows to predict for (the root group, with its labels), join other groups on their keys, and pick the features a model reads."
    />
  );
  if (!canWrite)
    return (
      <Card>
        <EmptyState
          icon={Lock}
          title="Your role cannot create feature views"
          description="Owners and editors define feature views. Ask a project owner for the editor role if you need to."
        />
      </Card>
    );
  if (query.isError)
    return (
      <>
        {header}
        <Card>
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </Card>
      </>
    );
  if (!query.data)
    return (
      <>
        {header}
        <Card>
          <TableSkeleton label="Loading feature groups" rows={5} />
        </Card>
      </>
    );
  if (query.data.featureGroups.length === 0) {
    return (
      <>
        {header}
        <Card>
          <EmptyState
            icon={Database}
            title="No feature groups to build on"
            description="A feature view selects features from feature groups. Create a feature group with an event time first."
            action={
              <Button asChild>
                <Link href={`/projects/${encodeURIComponent(project.name)}/feature-groups/new`}>New feature group</Link>
              </Button>
            }
          />
        </Card>
      </>
    );
  }
  return (
    <>
      {header}
      <Builder project={project.name} groups={query.data.featureGroups} />
    </>
  );
};

const Builder = ({ project, groups }: { project: string; groups: TFeatureGroup[] }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TBuilderDraft>(emptyDraft);
  const [errors, setErrors] = useState<TFieldMessages>({});
  const [problem, setProblem] = useState<string | null>(null);
  const lookup: TGroupLookup = useMemo(() => {
    const byKey = new Map(groups.map((group) => [refKey(group), group]));
    return (ref) => (ref ? byKey.get(refKey(ref)) : undefined);
  }, [groups]);
  const rootGroup = lookup(draft.root.featureGroup);
  const preview = previewOf(draft, lookup);
  const outputNames = preview.columns.map((column) => column.name);
  const typeOf = (feature: string) => preview.columns.find((column) => column.name === feature)?.type;
  const update = (patch: Partial<TBuilderDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const request = toCreateRequest({ draft, lookup, outputNames, typeOf });
  const transformationErrors = Object.fromEntries(
    (request.transformations ?? []).map((transformation, index) => [
      transformation.feature,
      messageAt(errors, `transformations.${index}`),
    ]),
  );

  const chooseRoot = (key: string) => {
    const group = groups.find((candidate) => refKey(candidate) === key);
    if (!group) return setDraft(emptyDraft());
    setDraft({
      ...emptyDraft(),
      name: draft.name || `${group.name}_view`,
      description: draft.description,
      root: {
        featureGroup: { name: group.name, version: group.version },
        selected: group.features.map((feature) => feature.name),
      },
    });
  };
  const mutation = useMutation({
    mutationFn: () => createFeatureView({ project, body: request }),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: featureViewKeys.featureViews(project) });
      router.push(featureViewHref(project, view.name, view.version));
    },
    onError: (error) => {
      setErrors(fieldMessagesOf(error));
      setProblem(
        error instanceof ApiError
          ? error.errors.length
            ? FIX_FIELDS
            : (error.detail ?? error.title)
          : "The feature view could not be created; try again.",
      );
    },
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = ZCreateFeatureViewSchema.safeParse(request);
    if (!parsed.success || !rootGroup) {
      setErrors(
        parsed.success
          ? { "root.featureGroup": "choose the root feature group" }
          : {
              ...fieldMessagesOf(parsed.error),
              ...(rootGroup ? {} : { "root.featureGroup": "choose the root feature group" }),
            },
      );
      setProblem(FIX_FIELDS);
      return;
    }
    setErrors({});
    mutation.mutate();
  };
  const unusedErrors = Object.entries(errors).filter(([path]) =>
    /^(requestParameters|inferenceHelperColumns|trainingHelperColumns)/.test(path),
  );

  return (
    <form onSubmit={submit} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="grid min-w-0 gap-6">
        <Section
          id="fv-definition"
          title="Definition"
          description="The root feature group gives one output row per row of it (or per spine row): the fact and label side, with an event time."
        >
          <CardBody className="grid gap-5">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Root feature group" error={messageAt(errors, "root.featureGroup")}>
                {(control) => (
                  <Select
                    {...control}
                    value={draft.root.featureGroup ? refKey(draft.root.featureGroup) : ""}
                    onValueChange={chooseRoot}
                  >
                    <option value="">Choose a feature group…</option>
                    {groups.map((group) => (
                      <option key={group.id} value={refKey(group)} disabled={!group.eventTime}>
                        {group.name} v{group.version}
                        {group.eventTime ? "" : " (no event time)"}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <TextField
                label="Name"
                hint="Lowercase letters, digits and underscores."
                error={errors.name}
                value={draft.name}
                onValueChange={(name) => update({ name })}
                className="font-mono"
                spellCheck={false}
                autoComplete="off"
                placeholder="fraud_model"
              />
            </div>
            <Field label="Description" error={errors.description}>
              {(control) => (
                <Textarea
                  {...control}
                  value={draft.description}
                  onValueChange={(description) => update({ description })}
                  rows={2}
                  placeholder="Which model this feeds and what a row is."
                />
              )}
            </Field>
            {rootGroup && (
              <FeatureChecklist
                legend={`Features of ${rootGroup.name}`}
                features={rootGroup.features.map((feature) => ({
                  name: feature.name,
                  type: feature.type,
                  note: feature.isPrimaryKey ? "serving key" : feature.isEventTime ? "event time" : undefined,
                }))}
                selected={draft.root.selected}
                onChange={(selected) => update({ root: { ...draft.root, selected } })}
                labels={draft.labels}
                onLabelsChange={(labels) => update({ labels })}
                error={messageAt(errors, "root.features") ?? messageAt(errors, "labels")}
              />
            )}
          </CardBody>
        </Section>
        {draft.joins.map((join, index) => (
          <JoinCard
            key={join.key}
            index={index}
            join={join}
            draft={draft}
            groups={groups}
            lookup={lookup}
            errors={errors}
            onChange={(next) => update({ joins: replaceJoin(draft, next) })}
            onRemove={() =>
              update({
                joins: draft.joins
                  .filter((current) => current.key !== join.key)
                  .map((current) =>
                    current.left === join.alias
                      ? { ...current, left: draft.root.featureGroup?.name ?? current.left }
                      : current,
                  ),
              })
            }
          />
        ))}
        {rootGroup && (
          <div>
            <Button
              type="button"
              variant="secondary"
              onClick={() =>
                update({
                  joins: [
                    ...draft.joins,
                    newJoinDraft(draft, groups.find((group) => refKey(group) !== refKey(rootGroup)) ?? rootGroup),
                  ],
                })
              }
            >
              <Plus aria-hidden /> Add join
            </Button>
          </div>
        )}
        {rootGroup && (
          <>
            <Section
              id="fv-filters"
              title="Filters"
              description="Rows kept in training and batch data; on output features, stored or on-demand."
            >
              <CardBody className="grid gap-2">
                {draft.filter?.kind === "group" ? (
                  <FilterGroupEditor
                    group={draft.filter}
                    features={outputNames}
                    onChange={(filter) => update({ filter })}
                    onRemove={() => update({ filter: null })}
                  />
                ) : (
                  <Button
                    type="button"
                    variant="secondary"
                    size="sm"
                    className="justify-self-start"
                    onClick={() => update({ filter: newFilterGroup(outputNames[0] ?? "") })}
                  >
                    <Plus aria-hidden /> Add filter
                  </Button>
                )}
                <FieldError message={messageAt(errors, "filter")} />
              </CardBody>
            </Section>
            <Section
              id="fv-on-demand"
              title="On-demand features"
              description="Computed at request time from request data and stored features; the same expression backfills training data."
            >
              <CardBody>
                <OnDemandEditor
                  features={draft.onDemand}
                  onChange={(onDemand) => update({ onDemand })}
                  errors={errors}
                />
              </CardBody>
            </Section>
            <Section
              id="fv-columns"
              title="Transformations and helper columns"
              description="Scalers and encoders are fitted on each training dataset's train split and applied identically online. Helper columns are kept only in training or only in inference data."
            >
              <CardBody>
                <ColumnsEditor
                  columns={preview.columns}
                  transformations={draft.transformations}
                  helpers={draft.helpers}
                  errors={transformationErrors}
                  onTransformationsChange={(transformations) => update({ transformations })}
                  onHelpersChange={(helpers) => update({ helpers })}
                />
              </CardBody>
            </Section>
          </>
        )}
        {unusedErrors.length > 0 && (
          <Alert tone="danger">
            {unusedErrors.map(([path, message]) => (
              <p key={path}>
                <span className="font-mono">{path}</span>: {message}
              </p>
            ))}
          </Alert>
        )}
        <CreateFormFooter
          noun="feature view"
          problem={problem}
          cancelHref={featureViewsHref(project)}
          isPending={mutation.isPending}
        />
      </div>
      <PreviewPanel preview={preview} />
    </form>
  );
};
