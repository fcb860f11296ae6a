package io.tickflow.marketdata.feed;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The merged feed as it stands: per instrument the active source, a gap if there is one, and every ranked source. */
@Path("/api/feed")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    @Inject
    MergedFeed feed;

    @GET
    public List<MergedFeed.FeedView> all() {
        return feed.view();
    }

    @GET
    @Path("/{instrument}")
    public MergedFeed.FeedView one(@PathParam("instrument") String instrument) {
        return feed.view(instrument).orElseThrow(() -> new NotFoundException("no merged feed for " + instrument));
    }
}
