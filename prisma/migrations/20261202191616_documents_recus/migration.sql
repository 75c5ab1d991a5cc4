-- CreateTable
CREATE TABLE "documents_recus" (
    "candidat_id" TEXT NOT NULL,
    "document_requis_id" TEXT NOT NULL,
    "date_reception" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recu_par" TEXT NOT NULL,

    CONSTRAINT "documents_recus_pkey" PRIMARY KEY ("candidat_id","document_requis_id")
);

-- AddForeignKey
ALTER TABLE "documents_recus" ADD CONSTRAINT "documents_recus_candidat_id_fkey" FOREIGN KEY ("candidat_id") REFERENCES "candidats"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents_recus" ADD CONSTRAINT "documents_recus_document_requis_id_fkey" FOREIGN KEY ("document_requis_id") REFERENCES "documents_requis"("id") ON DELETE CASCADE ON UPDATE CASCADE;
