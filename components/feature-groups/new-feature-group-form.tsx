"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Lock } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CreateFormFooter } from "@/components/ui/create-form-footer";
import { Card, CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, TextField } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { ZCreateFeatureGroupSchema, type TCreateFeatureGroup, type TUpload } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import {
  createFeatureGroup,
  featureGroupHref,
  featureStoreKeys,
  fetchFeatureGroups,
  insertUpload,
} from "@/lib/client/feature-store";
import { fieldMessagesOf, type TFieldMessages } from "@/lib/client/form-errors";
import { FeaturesEditor, newFeatureDraft, toFeatureDefinitions, type TFeatureDraft } from "./features-editor";
import { KeyColumnsFields } from "./key-columns-fields";
import { StartFromFile } from "./start-from-file";

const nameFromFile = (fileName: string): string =>
  fileName
    .replace(/\.[^.]+$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .slice(0, 63);

export const NewFeatureGroupPage = () => {
  const canWrite = useCan("featureGroups:write");
  if (!canWrite) {
    return (
      <Card>
        <EmptyState
          icon={Lock}
          title="Your role cannot create feature groups"
          description="Owners and editors define feature groups. Ask a project owner for the editor role if you need to."
        />
      </Card>
    );
  }
  return <NewFeatureGroupForm />;
};

const NewFeatureGroupForm = () => {
  const project = useCurrentProject();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const [description, setDescription] = useState("");
  const [onlineEnabled, setOnlineEnabled] = useState(false);
  const [features, setFeatures] = useState<TFeatureDraft[]>([newFeatureDraft({ type: "bigint" })]);
  const [keys, setKeys] = useState({ primaryKey: [] as string[], eventTime: "", partitionKey: "" });
  const [upload, setUpload] = useState<TUpload | null>(null);
  const [errors, setErrors] = useState<TFieldMessages>({});
  const [problem, setProblem] = useState<React.ReactNode>(null);
  // The name exists and Version is empty: the next version is created only once the user says so.
  const [nextVersion, setNextVersion] = useState<{ body: TCreateFeatureGroup; version: number } | null>(null);

  const applyUpload = (next: TUpload | null) => {
    setUpload(next);
    if (!next) return;
    setFeatures(
      next.inferredFeatures.map((feature) =>
        newFeatureDraft({ name: feature.name, type: feature.type, sourceName: feature.sourceName }),
      ),
    );
    setKeys({ primaryKey: next.suggestedPrimaryKey, eventTime: next.suggestedEventTime ?? "", partitionKey: "" });
    if (!name) setName(nameFromFile(next.fileName));
    setErrors({});
    setProblem(null);
  };
  // Renaming a feature keeps the key choices pointing at it; removing one drops it from them.
  const changeFeatures = (next: TFeatureDraft[]) => {
    const renamed = new Map(
      features.map((feature) => [feature.name, next.find((candidate) => candidate.key === feature.key)?.name]),
    );
    // An empty choice (None) stays None: the unnamed new feature's "" must not match it.
    const follow = (column: string) => (column ? (renamed.get(column) ?? "") : "");
    setKeys({
      primaryKey: keys.primaryKey.map(follow).filter(Boolean),
      eventTime: follow(keys.eventTime),
      partitionKey: follow(keys.partitionKey),
    });
    setFeatures(next);
  };

  const mutation = useMutation({
    mutationFn: async (body: TCreateFeatureGroup) => {
      const group = await createFeatureGroup({ project: project.name, body });
      if (!upload) return { group, insertError: null };
      const insertError = await insertUpload({
        project: project.name,
        name: group.name,
        version: group.version,
        uploadId: upload.id,
      }).then(
        () => null,
        (error: unknown) => error,
      );
      return { group, insertError };
    },
    onSuccess: async ({ group, insertError }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroups(project.name) }),
        queryClient.invalidateQueries({ queryKey: featureStoreKeys.jobs(project.name) }),
      ]);
      const href = featureGroupHref(project.name, group.name, group.version);
      if (!insertError) return router.push(href);
      setProblem(
        <>
          {group.name} v{group.version} was created, but loading the file failed:{" "}
          {insertError instanceof ApiError ? (insertError.detail ?? insertError.title) : "unknown error"}.{" "}
          <Link href={href} className="font-medium underline">
            Open the feature group
          </Link>{" "}
          and use Load data to try again.
        </>,
      );
    },
    onError: (error) => {
      setErrors(fieldMessagesOf(error));
      setProblem(
        error instanceof ApiError
          ? error.errors.length
            ? "Some fields need attention; see the messages next to them."
            : (error.detail ?? error.title)
          : "The feature group could not be created; try again.",
      );
    },
  });

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const body: TCreateFeatureGroup = {
      name: name.trim(),
      ...(version.trim() ? { version: Number(version) } : {}),
      description,
      onlineEnabled,
      features: toFeatureDefinitions(features),
      primaryKey: keys.primaryKey,
      eventTime: keys.eventTime || null,
      partitionKey: keys.partitionKey || null,
    };
    const parsed = ZCreateFeatureGroupSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldMessagesOf(parsed.error));
      setProblem("Some fields need attention; see the messages next to them.");
      return;
    }
    setErrors({});
    if (body.version !== undefined) return mutation.mutate(body);
    void askBeforeNextVersion(body);
  };
  const askBeforeNextVersion = async (body: TCreateFeatureGroup) => {
    const existing = await fetchFeatureGroups({ project: project.name, filters: { q: body.name } }).then(
      ({ featureGroups }) => featureGroups.filter((group) => group.name === body.name),
      () => [],
    );
    if (existing.length === 0) return mutation.mutate(body);
    // An explicit version: if another request takes it meanwhile, the API answers 409 instead of skipping to N+2.
    setNextVersion({ body, version: Math.max(...existing.map((group) => group.version)) + 1 });
  };

  return (
    <>
      <PageHeader
        title="New feature group"
        description="Define the features of one entity and its keys. Start from a file to have the schema inferred and the data loaded right after."
      />
      <form onSubmit={submit} noValidate className="grid gap-6">
        <StartFromFile project={project.name} upload={upload} onUpload={applyUpload} />
        <Section id="definition-title" title="Definition">
          <CardBody className="grid gap-5">
            <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
              <TextField
                label="Name"
                hint="Lowercase letters, digits and underscores; starts with a letter."
                error={errors.name}
                value={name}
                onValueChange={(value) => {
                  setName(value);
                  setNextVersion(null);
                }}
                className="font-mono"
                spellCheck={false}
                autoComplete="off"
                placeholder="card_features"
              />
              <TextField
                label="Version (optional)"
                hint="Leave empty for the next version."
                error={errors.version}
                type="number"
                min={1}
                value={version}
                onValueChange={setVersion}
                placeholder="Next version"
              />
            </div>
            <Field
              label="Description"
              hint="What entity this describes and where the data comes from."
              error={errors.description}
            >
              {(control) => <Textarea {...control} value={description} onValueChange={setDescription} rows={2} />}
            </Field>
            <label className="flex items-start gap-2.5 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 accent-brand-600"
                checked={onlineEnabled}
                onChange={(event) => setOnlineEnabled(event.target.checked)}
              />
              <span>
                <span className="font-medium text-slate-800">Online-enabled</span>
                <span className="block text-slate-600">
                  Also keep the latest row per primary key in the online store, for low-latency serving.
                </span>
              </span>
            </label>
            <FeaturesEditor features={features} onChange={changeFeatures} errors={errors} />
            <KeyColumnsFields
              features={features}
              {...keys}
              errors={errors}
              onChange={(patch) => setKeys({ ...keys, ...patch })}
            />
          </CardBody>
        </Section>
        {nextVersion && (
          <Alert tone="warning" title={`${nextVersion.body.name} exists — create version ${nextVersion.version}?`}>
            A feature group named {nextVersion.body.name} already exists. Creating it again makes version{" "}
            {nextVersion.version}, a new table beside the existing versions.
            <div className="mt-2 flex gap-2">
              <Button
                type="button"
                size="sm"
                isLoading={mutation.isPending}
                onClick={() => {
                  mutation.mutate({ ...nextVersion.body, version: nextVersion.version });
                  setNextVersion(null);
                }}
              >
                Create version {nextVersion.version}
              </Button>
              <Button type="button" size="sm" variant="secondary" onClick={() => setNextVersion(null)}>
                Change the name
              </Button>
            </div>
          </Alert>
        )}
        <CreateFormFooter
          noun="feature group"
          problem={problem}
          cancelHref={`/projects/${encodeURIComponent(project.name)}/feature-groups`}
          isPending={mutation.isPending}
          note={upload && <>After creating it, Larder loads {upload.fileName} into the new group.</>}
        />
      </form>
    </>
  );
};
