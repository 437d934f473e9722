import { Badge, type BadgeTone } from "@/components/ui/badge";

export function ResultBadge({ result, state }: { result: "pass" | "fail" | null; state?: string }) {
  if (state === "running") return <Badge tone="info">running</Badge>;
  if (state === "failed") return <Badge tone="warn" title="The run stopped on an internal error; nothing was concluded">not concluded</Badge>;
  if (!result) return <Badge>not recorded</Badge>;
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
