"use client";

import { useQuery } from "@tanstack/react-query";
import { featureStoreKeys, fetchCommits } from "@/lib/client/feature-store";

/** A feature group's commits, newest first. */
export const useCommits = ({ project, name, version }: { project: string; name: string; version: number }) =>
  useQuery({
    queryKey: featureStoreKeys.commits(project, name, version),
    queryFn: () => fetchCommits({ project, name, version }),
    select: (data) => [...data.commits].sort((left, right) => right.version - left.version),
  });
