import { NotFoundCard } from "@/components/ui/not-found-card";

export default function PacketNotFound() {
  return (
    <NotFoundCard
      what="Packet not found"
      why="No escalation packet has this id: the address may be mistyped, or the packet was deleted (its reviewer links went with it)."
      back={[
        { href: "/packets", label: "All packets" },
        { href: "/records", label: "Records" },
      ]}
    />
  );
}
