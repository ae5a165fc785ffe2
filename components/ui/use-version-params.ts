"use client";

import { useParams } from "next/navigation";

/**
 * The name and version in a versioned object's URL (…/{name}/{version}), and what its page says when the API
 * does not know that version. An invalid version is kept as typed, so the message quotes it back.
 */
export const useVersionParams = ({ project, kind }: { project: string; kind: string }) => {
  const params = useParams<{ name: string; version: string }>();
  const name = decodeURIComponent(params.name);
  const version = Number(params.version);
  return {
    name,
    version,
    isValid: Number.isInteger(version),
    notFound: (backLabel: string) => ({
      title: `${kind} not found`,
      description: `There is no version ${params.version} of ${name} in ${project}. It may have been deleted.`,
      backLabel,
    }),
  };
};
