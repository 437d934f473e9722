import { Badge, type BadgeTone } from "@/components/ui/badge";

/**
 * operator_result. On the error path a pass means the client behaved and
 * recorded the failure as expected (the guide): beside "no response" or a
 * 401, a bare "pass" reads like a contradiction, so it says so.
 */
export function ResultBadge({ result, state, path }: { result: "pass" | "fail" | null; state?: string; path?: string }) {
  if (state === "running") return <Badge tone="info">running</Badge>;
  if (state === "failed") return <Badge tone="warn" title="The run stopped on an internal error; nothing was concluded">not concluded</Badge>;
  if (!result) return <Badge>not recorded</Badge>;
  if (result === "pass" && path === "error") {
    return (
      <span className="inline-flex flex-col items-start gap-0.5" data-testid="result-expected">
        <Badge tone="pass">pass</Badge>
        <span className="text-xs text-slate-600 dark:text-slate-400">expected behaviour recorded</span>
      </span>
    );
  }
  return <Badge tone={result === "pass" ? "pass" : "fail"}>{result}</Badge>;
}

const FAMILY_TONE: Record<string, BadgeTone> = { "2xx": "pass", "3xx": "warn", "4xx": "warn", "5xx": "fail", none: "fail" };

export function StatusBadge({ family, code }: { family: string | null; code: number | null }) {
  if (!family) return <Badge>not recorded</Badge>;
  return (
    <Badge tone={FAMILY_TONE[family] ?? "neutral"} title={family === "none" ? "No HTTP response" : `HTTP status family ${family}`}>
      {family === "none" ? "no response" : `${code ?? ""} ${family}`.trim()}
    </Badge>
  );
}

const DECISION_TONE: Record<string, BadgeTone> = { primary_retained: "pass", fallback_used: "info", manual_hold: "warn" };

export function FallbackBadge({ decision }: { decision: string | null }) {
  if (!decision) return <Badge>not recorded</Badge>;
  return <Badge tone={DECISION_TONE[decision] ?? "neutral"}>{decision}</Badge>;
}

const ATTEMPT_TONE: Record<string, BadgeTone> = { success: "pass", retry: "warn", stop: "fail", fallback: "info" };

export function DecisionBadge({ decision }: { decision: string }) {
  return <Badge tone={ATTEMPT_TONE[decision] ?? "neutral"}>{decision}</Badge>;
}
