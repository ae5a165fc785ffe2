import type { Metadata } from "next";
import { NewFeatureGroupPage } from "@/components/feature-groups/new-feature-group-form";

export const metadata: Metadata = { title: "New feature group" };

export default function ProjectNewFeatureGroupPage() {
  return <NewFeatureGroupPage />;
}
