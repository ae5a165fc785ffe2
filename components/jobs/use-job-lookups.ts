"use client";

import { useQuery } from "@tanstack/react-query";
import { useCan } from "@/components/projects/project-context";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { fetchMembers, queryKeys } from "@/lib/client/endpoints";
import { featureStoreKeys, fetchFeatureGroups } from "@/lib/client/feature-store";

/** Names for the ids a job carries: who created it, and which feature group it works on. */
export const useJobLookups = (project: string) => {
  const canReadMembers = useCan("members:read");
  const members = useQuery({
    queryKey: queryKeys.members(project),
    queryFn: () => fetchMembers(project),
    enabled: canReadMembers,
    staleTime: 60_000,
  });
  const groups = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project, {}),
    queryFn: () => fetchFeatureGroups({ project }),
    staleTime: 30_000,
  });
  const userName = (userId: string | null): string | null => {
    if (!userId) return null;
    const member = members.data?.members.find((candidate) => candidate.userId === userId);
    return member ? member.name || member.email : null;
  };
  const featureGroup = (featureGroupId: string | null): TFeatureGroup | null =>
    featureGroupId ? (groups.data?.featureGroups.find((group) => group.id === featureGroupId) ?? null) : null;
  return { userName, featureGroup, featureGroups: groups.data?.featureGroups };
};
