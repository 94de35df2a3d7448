package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.model.WriteMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestJobTest {
    private static final Instant FROM = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-21T00:00:00Z");

    @Test
    void aBackfillCarriesItsWriteMode() {
        assertThat(IngestJob.backfill("src", Plans.DEFAULT, List.of("AAPL"), FROM, TO, WriteMode.UPSERT).writeMode()).isEqualTo(WriteMode.UPSERT);
        assertThat(IngestJob.scheduled("src", Plans.DEFAULT, List.of("AAPL"), FROM, WriteMode.UPSERT).writeMode()).isEqualTo(WriteMode.UPSERT);
    }

    @Test
    void anUpsertBackfillOfARangeKeepsACursorApartFromAnInsertOnlyOne() {
        // resumed as upsert, a range half done as insert-only must not skip the windows (and revisions) already done
        IngestJob insertOnly = IngestJob.backfill("src", Plans.DEFAULT, List.of("AAPL"), FROM, TO, WriteMode.INSERT_ONLY);
        IngestJob upsert = IngestJob.backfill("src", Plans.DEFAULT, List.of("AAPL"), FROM, TO, WriteMode.UPSERT);

        assertThat(insertOnly.cursorKey()).isEqualTo("src@backfill:" + FROM + "/" + TO);
        assertThat(upsert.cursorKey()).isEqualTo("src@backfill:" + FROM + "/" + TO + "#upsert");
    }
}
