export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="grid min-h-screen place-items-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-sky-700 text-xs font-bold text-white">EP</span>
          <span className="text-base font-semibold tracking-tight">Evidence Packet</span>
        </div>
        {children}
      </div>
    </main>
  );
}
