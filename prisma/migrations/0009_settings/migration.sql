-- CreateTable
-- Admin settings, one JSON value per key (decision 060). Plain SQL that
-- PostgreSQL also accepts, apart from the engine's own DATETIME spelling.
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
