import { Providers } from "@/app/providers";
import { CurrentUserProvider } from "@/components/auth/current-user";
import { AppShell } from "@/components/layout/app-shell";
import { requirePageUser } from "@/lib/auth/page";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const who = await requirePageUser();
  const user = { id: who.userId, email: who.email, name: who.name, role: who.role, isOwner: who.isOwner };
  return (
    <Providers>
      <CurrentUserProvider user={user}>
        <AppShell user={user}>{children}</AppShell>
      </CurrentUserProvider>
    </Providers>
  );
}
