package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SourceEventTest {

    private static final Instant T = Instant.parse("2026-11-25T10:15:31.240Z");
    private static final Instant GAP_START = Instant.parse("2026-11-25T10:15:20Z");

    @Test
    void aFailoverRoundTripsWithItsKindByName() {
        SourceEvent event = SourceEvent.of(T, "BTCUSD", "polygon", SourceEventKind.FAILOVER, "capital", "polygon", null,
                null, "capital stale");
        String json = EventCodec.encode(event);

        assertThat(json).contains("\"kind\":\"FAILOVER\"").contains("\"fromSource\":\"capital\"")
                .doesNotContain("gapStart");
        assertThat(EventCodec.decode(json, SourceEvent.class)).isEqualTo(event);
        assertThat(event.partitionKey()).isEqualTo("BTCUSD");
    }

    @Test
    void kindCodesAreStableAndUnique() {
        assertThat(SourceEventKind.SOURCE_STALE.code()).isEqualTo(1);
        assertThat(SourceEventKind.GAP_ENDED.code()).isEqualTo(6);
        assertThat(Arrays.stream(SourceEventKind.values()).map(SourceEventKind::code)).doesNotHaveDuplicates();
    }

    @Test
    void aSwitchNeedsBothSourcesAndIsAboutTheSourceSwitchedTo() {
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "polygon", SourceEventKind.FAILOVER, null, "polygon", null,
                null, "r")).isInstanceOf(InvalidEventException.class).hasMessageContaining("fromSource is required");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.SWITCH_BACK, "polygon",
                "polygon", null, null, "r")).isInstanceOf(InvalidEventException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.FAILOVER, "capital",
                "polygon", null, null, "r")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("source capital is not toSource polygon");
    }

    @Test
    void gapEventsCarryTheirIntervalAndOthersNone() {
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.GAP_DETECTED, "capital", null,
                null, null, "r")).isInstanceOf(InvalidEventException.class).hasMessageContaining("gapStart is required");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.GAP_DETECTED, "capital", null,
                GAP_START, T, "r")).isInstanceOf(InvalidEventException.class).hasMessageContaining("no gapEnd yet");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.GAP_ENDED, "capital",
                "capital", GAP_START, null, "r")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("gapEnd is required");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.GAP_ENDED, "capital",
                "capital", T, GAP_START, "r")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("is before gapStart");
        assertThatThrownBy(() -> SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.SOURCE_STALE, null, null,
                GAP_START, null, "r")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("carries no gap interval");

        SourceEvent ended = SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.GAP_ENDED, "capital", "capital",
                GAP_START, T, "ticks again");
        assertThat(EventCodec.decode(EventCodec.encode(ended), SourceEvent.class)).isEqualTo(ended);
    }

    @Test
    void invalidPayloadsAreRejectedWithAReason() {
        String json = EventCodec.encode(SourceEvent.of(T, "BTCUSD", "capital", SourceEventKind.SOURCE_STALE, null, null,
                null, null, "no tick for 1.2 s"));
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"SOURCE_STALE\"", "\"EXPLODED\""),
                SourceEvent.class)).isInstanceOf(InvalidEventException.class).hasMessageStartingWith("SourceEvent:");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"reason\":\"no tick for 1.2 s\"", "\"reason\":\" \""),
                SourceEvent.class)).isInstanceOf(InvalidEventException.class).hasMessageContaining("reason is required");
    }
}
