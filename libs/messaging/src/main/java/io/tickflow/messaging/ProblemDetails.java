package io.tickflow.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 7807 problem: every REST error of every Tickflow service has this body, as application/problem+json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail) {
        ProblemDetails body = new ProblemDetails("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                detail, null);
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }
}
