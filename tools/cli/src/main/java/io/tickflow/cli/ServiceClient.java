package io.tickflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for the services' REST APIs. Errors are RFC 7807 problem details: their
 * {@code title}/{@code detail} become the message of a {@link ServiceException}, so the user reads the server's reason.
 */
public final class ServiceClient {

    // amounts stay exact: a JSON number with a fraction is read as BigDecimal, never as double
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final URI base;
    private final HttpClient http;

    public ServiceClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    public JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    /** POSTs a text body (CSV) with its content type and reads the JSON answer. */
    public JsonNode postText(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).DELETE());
    }

    /** The raw body of a GET (reports, CSV exports). */
    public String getText(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(resolve(path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            check(response);
            return response.body();
        } catch (IOException e) {
            throw new ServiceException("cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        }
    }

    public URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        String body = getBody(request.timeout(Duration.ofSeconds(120)).header("Accept", "application/json").build());
        try {
            return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ServiceException("unreadable answer from " + base + ": " + e.getMessage());
        }
    }

    private String getBody(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            check(response);
            return response.body();
        } catch (IOException e) {
            throw new ServiceException("cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        }
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() < 400) {
            return;
        }
        String reason = response.body();
        try {
            JsonNode problem = JSON.readTree(response.body());
            reason = problem.path("title").asText("") + (problem.hasNonNull("detail")
                    ? ": " + problem.get("detail").asText() : "");
        } catch (IOException | RuntimeException notJson) {
            // keep the raw body
        }
        throw new ServiceException("HTTP " + response.statusCode() + " from " + response.request().uri() + ": " + reason);
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A failure the user can act on; the command prints its message and exits non-zero. */
    public static final class ServiceException extends RuntimeException {
        public ServiceException(String message) {
            super(message);
        }
    }
}
