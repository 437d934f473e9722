import { NotFoundCard } from "@/components/ui/not-found-card";

export default function RehearsalNotFound() {
  return (
    <NotFoundCard
      what="Rehearsal not found"
      why="No rehearsal has this id. The address may be mistyped or copied only in part."
      back={[
        { href: "/history/rehearsals", label: "All rehearsals" },
        { href: "/history", label: "History" },
      ]}
    />
  );
}
