import { NotFoundCard } from "@/components/ui/not-found-card";

export default function RecordNotFound() {
  return (
    <NotFoundCard
      what="Record not found"
      why="No smoke-run record has this id. The address may be mistyped or copied only in part; the Records page lists every record, newest first."
      back={[
        { href: "/records", label: "All records" },
        { href: "/rehearse", label: "Rehearse" },
      ]}
    />
  );
}
