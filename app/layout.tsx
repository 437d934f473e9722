import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Evidence Packet", template: "%s · Evidence Packet" },
  description: "Request-boundary evidence and reviewer-ready escalation packets for LLM API failures.",
  icons: { icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/apple-icon.png" },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
