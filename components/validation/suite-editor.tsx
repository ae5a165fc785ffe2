"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { RadioChoices } from "@/components/ui/radio-choices";
import { MAX_RULES, ZPutSuiteSchema, type TSuite, type TValidationPolicy } from "@/lib/api/validation";
import { ApiError, type TFieldError, type TVersionRef } from "@/lib/client/api";
import { saveSuite, validationKeys } from "@/lib/client/validation";
import { draftFromRule, emptyDraft, ruleFromDraft, type TRuleDraft } from "./rule-draft";
import { RuleFields, type TRuleEditor } from "./rule-fields";

// The suite editor: the policy and a form per rule. The body is checked with the API's own schema before it is
// sent; what only the server knows (a feature's type, whether RE2 takes a pattern) comes back as a 422 by field.

const POLICIES = [
  { value: "STRICT", label: "Strict", hint: "an error rule that fails rejects the whole load; nothing is written" },
  { value: "ALWAYS", label: "Always write", hint: "the load is written and the report lists what failed" },
] as const;

type TProps = TVersionRef & { features: { name: string; type: string }[]; suite: TSuite | null };

export const SuiteEditor = ({ features, suite, ...ref }: TProps) => {
  const queryClient = useQueryClient();
  const firstFeature = features[0]?.name ?? "";
  const initial = () => ({
    policy: (suite?.policy ?? "STRICT") as TValidationPolicy,
    drafts: (suite?.rules ?? []).map((rule) => draftFromRule(rule, firstFeature)),
  });
  const [isOpen, setIsOpen] = useState(false);
  const [policy, setPolicy] = useState<TValidationPolicy>("STRICT");
  const [drafts, setDrafts] = useState<TRuleDraft[]>([]);
  const [errors, setErrors] = useState<TFieldError[]>([]);
  const typeOf = (name: string) => features.find((feature) => feature.name === name)?.type;
  const save = useMutation({
    mutationFn: async () => {
      const body = { policy, rules: drafts.map((draft) => ruleFromDraft(draft, typeOf(draft.feature))) };
      const parsed = ZPutSuiteSchema.safeParse(body);
      if (!parsed.success)
        throw new ApiError(
          422,
          "The suite is not valid",
          "Correct the fields marked below.",
          parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        );
      return saveSuite(ref, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: validationKeys.all(ref.project, ref.name, ref.version) });
      setIsOpen(false);
    },
    onError: (error) => setErrors(error instanceof ApiError ? error.errors : []),
  });
  const errorAt = (path: string) =>
    errors.find((error) => error.path === path || error.path.startsWith(`${path}.`))?.message;
  const open = (next: boolean) => {
    setIsOpen(next);
    if (!next) return;
    const start = initial();
    setPolicy(start.policy);
    setDrafts(start.drafts);
    setErrors([]);
    save.reset();
  };
  const editor: TRuleEditor = {
    features,
    errorAt,
    update: (next) => setDrafts(drafts.map((other) => (other.key === next.key ? next : other))),
    remove: (gone) => setDrafts(drafts.filter((other) => other.key !== gone.key)),
  };
  const unplaced = errors.filter((error) => !/^rules\.\d+\./.test(error.path) && error.path !== "policy");
  return (
    <Dialog open={isOpen} onOpenChange={open}>
      <DialogTrigger asChild>
        <Button variant={suite ? "secondary" : "primary"}>{suite ? "Edit suite" : "Create suite"}</Button>
      </DialogTrigger>
      <DialogContent
        title="Expectation suite"
        description="Every ingest into this feature group is checked against these rules before it commits."
        className="max-w-3xl"
      >
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          {save.error && (
            <Alert tone="danger" title={save.error instanceof ApiError ? save.error.title : "The suite was not saved"}>
              {unplaced.map((error) => `${error.path}: ${error.message}`).join("; ") ||
                (save.error instanceof ApiError ? save.error.detail : save.error.message)}
            </Alert>
          )}
          <RadioChoices name="policy" label="Policy" choices={POLICIES} value={policy} onChange={setPolicy} />
          {drafts.map((draft, index) => (
            <RuleFields key={draft.key} index={index} draft={draft} editor={editor} />
          ))}
          {drafts.length === 0 && <p className="text-sm text-slate-600">No rules yet: add the first one.</p>}
          <div>
            <Button
              type="button"
              variant="secondary"
              icon={Plus}
              disabled={drafts.length >= MAX_RULES}
              onClick={() => setDrafts([...drafts, emptyDraft(firstFeature)])}
            >
              Add rule
            </Button>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={save.isPending}>
              Save suite
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
