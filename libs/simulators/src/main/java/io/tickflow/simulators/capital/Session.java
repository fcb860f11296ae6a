package io.tickflow.simulators.capital;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One logged-in session. {@code cst} identifies the client, {@code securityToken} the active account (it changes when the
 * account is switched). Mutable fields are volatile; changes that must be atomic go through {@link SessionRegistry}.
 */
final class Session {

    volatile String cst;
    volatile String securityToken;
    /**
     * Account tokens issued before an account switch. They keep working: the official Postman collection goes on with
     * the old X-SECURITY-TOKEN after {@code PUT /session}, so the real API evidently accepts it. Token rotation (a fault)
     * clears them.
     */
    final Set<String> earlierSecurityTokens = ConcurrentHashMap.newKeySet();
    volatile String accountId;
    volatile Instant lastUsedAt;
    /** Set by the token-rotation fault: the next authenticated response hands out fresh tokens. */
    volatile boolean rotateTokensOnNextResponse;
    final SlidingWindowRateLimiter requestLimiter;

    Session(String cst, String securityToken, String accountId, Instant now, int maxRequestsPerSecond) {
        this.cst = cst;
        this.securityToken = securityToken;
        this.accountId = accountId;
        this.lastUsedAt = now;
        this.requestLimiter = new SlidingWindowRateLimiter(maxRequestsPerSecond);
    }

    boolean accepts(String token) {
        return securityToken.equals(token) || earlierSecurityTokens.contains(token);
    }
}
