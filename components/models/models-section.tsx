"use client";

import { useQuery } from "@tanstack/react-query";
import { Brain } from "lucide-react";
import { Section } from "@/components/ui/card";
import { ListStates } from "@/components/ui/list-states";
import { fetchModels, modelKeys, type TModelFilter } from "@/lib/client/models";
import { ModelsTable } from "./models-table";

/** The models trained on a feature view or a training dataset (their pages show it). */
export const ModelsSection = ({ project, filter, what }: { project: string; filter: TModelFilter; what: string }) => {
  const query = useQuery({ queryKey: modelKeys.list(project, filter), queryFn: () => fetchModels(project, filter) });
  return (
    <Section id="models-using-title" title="Models" description={`Registered models trained on this ${what}.`}>
      <ListStates
        query={query}
        items={query.data?.models}
        loading={{ label: "Loading models", columns: 5, rows: 2 }}
        empty={{
          icon: Brain,
          title: "No models yet",
          description: `Register a model trained on this ${what} to see it here and in lineage.`,
        }}
      >
        {(models) => <ModelsTable project={project} models={models} caption={`Models trained on this ${what}`} />}
      </ListStates>
    </Section>
  );
};
