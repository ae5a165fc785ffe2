"use client";

import { useQuery } from "@tanstack/react-query";
import { Brain, Plus } from "lucide-react";
import Link from "next/link";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Button } from "@/components/ui/button";
import { ListPage } from "@/components/ui/list-page";
import { fetchModels, modelKeys, modelsHref } from "@/lib/client/models";
import { ModelsTable } from "./models-table";

export const ModelsPage = () => {
  const project = useCurrentProject();
  const canWrite = useCan("models:write");
  const query = useQuery({ queryKey: modelKeys.list(project.name), queryFn: () => fetchModels(project.name) });
  const register = canWrite ? (
    <Button asChild>
      <Link href={`${modelsHref(project.name)}/new`}>
        <Plus aria-hidden /> Register model
      </Link>
    </Button>
  ) : undefined;
  return (
    <ListPage
      title="Models"
      description="Model versions registered with the feature view and training datasets they were trained on."
      actions={register}
      query={query}
      items={query.data?.models}
      loading={{ label: "Loading models", columns: 5 }}
      empty={{
        icon: Brain,
        title: "No models yet",
        description: "Register a model with its metrics and the training dataset it was trained on.",
        action: register,
      }}
    >
      {(models) => <ModelsTable project={project.name} models={models} caption="Models" />}
    </ListPage>
  );
};
