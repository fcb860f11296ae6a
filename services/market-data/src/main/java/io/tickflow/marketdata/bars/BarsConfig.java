package io.tickflow.marketdata.bars;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tickflow.events.BarResolution;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "tickflow.bars")
public interface BarsConfig {

    /** Bar lengths to build. */
    @WithDefault("SECOND_1,MINUTE_1,MINUTE_5,HOUR_1")
    List<BarResolution> resolutions();

    /**
     * How far behind the newest tick of an instrument an out-of-order tick may be and still count in its bar. A bar
     * closes (and is emitted) once an instrument's ticks have gone this far past its end.
     */
    @WithDefault("2s")
    Duration allowedLateness();

    /**
     * An instrument whose feed has been quiet this long (wall clock) gets its open bars closed, so the last bars before
     * a market closes are not held until it reopens.
     */
    @WithDefault("10s")
    Duration idleClose();
}
