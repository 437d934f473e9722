import type { Metadata } from "next";
import { NotFoundCard } from "@/components/ui/not-found-card";

export const metadata: Metadata = { title: "Not found" };

// Our own 404 for an address that matches no page. Outside the dashboard
// layout on purpose: it renders for signed-out visitors too. Ids that do not
// resolve get their own, inside the dashboard (records/[id]/not-found.tsx, …).
export default function NotFound() {
  return (
    <main id="main" className="grid min-h-screen place-items-center px-4 py-10">
      <NotFoundCard
        what="There is no page at this address"
        why="The address may be mistyped or out of date. Nothing was changed by opening it. A reviewer link that stopped working says so on its own page; ask whoever shared it for a new one."
        back={[
          { href: "/records", label: "Go to Records" },
          { href: "/packets", label: "Packets" },
          { href: "/rehearse", label: "Rehearse" },
        ]}
      />
    </main>
  );
}
