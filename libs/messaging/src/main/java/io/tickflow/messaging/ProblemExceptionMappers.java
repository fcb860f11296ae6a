package io.tickflow.messaging;

import io.tickflow.events.InvalidEventException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps exceptions of REST endpoints to RFC 7807 problem details, so clients get one error shape everywhere. */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return ProblemDetails.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        return ProblemDetails.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ProblemDetails.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return ProblemDetails.response(status == null ? Response.Status.BAD_REQUEST : status, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error in a REST call", e);
        return ProblemDetails.response(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error; see the service log for details");
    }
}
