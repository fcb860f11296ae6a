package io.tickflow.alerting.notify;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** Raising and resolving alerts the way Alertmanager does, through the service's webhook receiver. */
final class Alerts {

    private Alerts() {
    }

    /** Alertmanager's fingerprint {@code fp} becomes the alert fingerprint {@code prometheus:fp}. */
    static void alertmanager(String status, String fp, String severity, String summary) {
        String body = """
                {"version":"4","status":"%1$s","receiver":"tickflow","groupLabels":{},"commonLabels":{},
                 "alerts":[{"status":"%1$s","fingerprint":"%2$s","startsAt":"2026-11-25T10:00:00Z",
                   "endsAt":"0001-01-01T00:00:00Z",
                   "labels":{"alertname":"TestAlert","severity":"%3$s","case":"%2$s"},
                   "annotations":{"summary":"%4$s","runbook_url":"docs/runbooks.md#testalert"}}]}"""
                .formatted(status, fp, severity, summary);
        given().contentType(ContentType.JSON).body(body).post("/api/alertmanager/webhook").then().statusCode(204);
    }

    static void fire(String fp, String severity) {
        alertmanager("firing", fp, severity, "test alert " + fp);
    }

    static void resolve(String fp) {
        alertmanager("resolved", fp, "critical", "test alert " + fp);
    }
}
