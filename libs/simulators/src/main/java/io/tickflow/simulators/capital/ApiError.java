package io.tickflow.simulators.capital;

/**
 * A Capital.com error answer: an HTTP status plus the body {@code {"errorCode":"..."}}. Thrown by request handlers and turned
 * into the response by {@link RestApi}; it carries no stack trace because it is control flow, not a bug.
 */
final class ApiError extends RuntimeException {

    final int httpStatus;
    final String errorCode;

    ApiError(int httpStatus, String errorCode) {
        super(errorCode, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    static ApiError badRequest(String errorCode) {
        return new ApiError(400, errorCode);
    }

    static ApiError unauthorized(String errorCode) {
        return new ApiError(401, errorCode);
    }

    static ApiError notFound(String errorCode) {
        return new ApiError(404, errorCode);
    }

    static ApiError tooManyRequests() {
        return new ApiError(429, "error.too-many.requests");
    }
}
