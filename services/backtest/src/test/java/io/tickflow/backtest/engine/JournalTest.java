package io.tickflow.backtest.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JournalTest {

    @Test
    void rowsReadBackAcrossChunksAsTheyWereWritten() {
        Journal journal = new Journal(3);
        int rows = Journal.CHUNK_ROWS * 5 + 17; // past several chunk boundaries and the first growth of the index
        for (int r = 0; r < rows; r++) {
            int offset = journal.append();
            journal.set(offset, 0, r);
            journal.set(offset, 1, -r);
            journal.set(offset, 2, (long) r * r);
        }
        assertThat(journal.size()).isEqualTo(rows);
        for (int r = 0; r < rows; r++) {
            assertThat(journal.get(r, 0)).isEqualTo(r);
            assertThat(journal.get(r, 1)).isEqualTo(-r);
            assertThat(journal.get(r, 2)).isEqualTo((long) r * r);
        }
    }
}
