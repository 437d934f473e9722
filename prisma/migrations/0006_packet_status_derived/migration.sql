-- The packet status is derived from facts (readyAt, share links) by one function,
-- lib/packets/status.ts; the stored copy that disagreed with it is dropped (decision 042).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Packet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "incidentRef" TEXT NOT NULL DEFAULT '',
    "audience" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "rehearsalId" TEXT,
    "sections" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "readyAt" DATETIME,
    CONSTRAINT "Packet_rehearsalId_fkey" FOREIGN KEY ("rehearsalId") REFERENCES "Rehearsal" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Packet" ("audience", "createdAt", "id", "incidentRef", "readyAt", "rehearsalId", "revision", "sections", "title", "updatedAt") SELECT "audience", "createdAt", "id", "incidentRef", "readyAt", "rehearsalId", "revision", "sections", "title", "updatedAt" FROM "Packet";
DROP TABLE "Packet";
ALTER TABLE "new_Packet" RENAME TO "Packet";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

