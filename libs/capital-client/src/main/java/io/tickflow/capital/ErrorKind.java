package io.tickflow.capital;

import java.util.Set;

/** What a Capital.com error means for the caller, derived from its {@code errorCode}. */
public enum ErrorKind {
    /** The session or credentials are not accepted: log in (again). */
    AUTH,
    /** {@code error.too-many.requests}: slow down. */
    RATE_LIMIT,
    /** {@code error.not-found.*}: unknown epic, deal, reference (a confirm 404 can be transient: the caller decides). */
    NOT_FOUND,
    /** {@code error.invalid.*} and other request errors: fix the request; the full code often carries the limit. */
    VALIDATION,
    /** No HTTP answer at all (connection refused or lost before sending). */
    TRANSPORT,
    /** Anything else, including 5xx answers. */
    OTHER;

    private static final Set<String> AUTH_CODES = Set.of(
            "error.invalid.details",
            "error.invalid.session.token",
            "error.null.client.token",
            "error.null.account.token",
            "error.null.api.key",
            "error.invalid.api.key",
            "error.security.client-token-missing",
            "error.security.account-token-missing",
            "error.null.accountId");

    /** Classifies by code, prefix-wise, because validation codes embed limits: {@code error.invalid.stoploss.minvalue: 17.146}. */
    public static ErrorKind of(String errorCode) {
        if (errorCode == null) {
            return OTHER;
        }
        if (AUTH_CODES.contains(errorCode) || errorCode.startsWith("error.security.")) {
            return AUTH;
        }
        if (errorCode.equals("error.too-many.requests")) {
            return RATE_LIMIT;
        }
        if (errorCode.startsWith("error.not-found.")) {
            return NOT_FOUND;
        }
        if (errorCode.startsWith("error.invalid.") || errorCode.startsWith("error.null.")
                || errorCode.startsWith("error.not-in-future.")) {
            return VALIDATION;
        }
        return OTHER;
    }
}
