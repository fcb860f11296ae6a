package io.tickflow.marketsources;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void keysAreStrippedFromUrlsAndMessages() {
        assertThat(Secrets.redactUrl("https://api.massive.com/v2/aggs/ticker/X:BTCUSD/range/1/minute/1/2?limit=5&apiKey=s3cret&x=1"))
                .isEqualTo("https://api.massive.com/v2/aggs/ticker/X:BTCUSD/range/1/minute/1/2?limit=5&apiKey=***&x=1");
        assertThat(Secrets.redactUrl("https://www.alphavantage.co/query?apikey=s3cret")).isEqualTo(
                "https://www.alphavantage.co/query?apikey=***");
        assertThat(Secrets.redact("We have detected your API key as s3cret and ...", "s3cret"))
                .isEqualTo("We have detected your API key as *** and ...");
        assertThat(Secrets.mask("s3cret")).isEqualTo("***");
        assertThat(Secrets.mask(" ")).isEqualTo("<none>");
    }

    @Test
    void thePacerNeverStartsMoreThanTheLimitInAnyWindow() {
        SlidingWindowPacer pacer = new SlidingWindowPacer(5, Duration.ofMinutes(1).toNanos());
        ArrayDeque<Long> starts = new ArrayDeque<>();
        long now = 0;
        for (int i = 0; i < 23; i++) {
            long start = now + pacer.reserve(now);
            starts.addLast(start);
            now += Duration.ofSeconds(3).toNanos(); // callers ask every 3 s, far faster than allowed
        }
        Long[] all = starts.toArray(Long[]::new);
        for (int i = 5; i < all.length; i++) {
            assertThat(all[i] - all[i - 5]).as("start %d vs %d", i, i - 5).isGreaterThanOrEqualTo(Duration.ofMinutes(1).toNanos());
        }
        assertThat(new SlidingWindowPacer(0, 1).reserve(42)).isZero();
    }
}
