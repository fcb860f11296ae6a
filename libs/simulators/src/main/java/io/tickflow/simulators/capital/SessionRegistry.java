package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logins, tokens and their expiry. A session lives {@code sessionIdleTimeout} after its last use (Capital.com: "valid for 10
 * minutes after the last use"); an expired or unknown token is answered with 401 {@code error.invalid.session.token}.
 */
final class SessionRegistry {

    /** How old the timestamp inside an encrypted password may be. */
    private static final Duration ENCRYPTION_TIMESTAMP_VALIDITY = Duration.ofMinutes(5);
    private static final SecureRandom TOKEN_RANDOM = new SecureRandom();

    private final CapitalComSimulatorConfig config;
    private final Clock clock;
    private final String preferredAccountId;
    private final Map<String, Session> sessionsByCst = new ConcurrentHashMap<>();
    private final Map<String, SlidingWindowRateLimiter> loginLimiterByApiKey = new ConcurrentHashMap<>();
    private final AtomicLong successfulLogins = new AtomicLong();
    private final AtomicLong refusedLogins = new AtomicLong();
    private volatile boolean rejectAllLogins;

    SessionRegistry(CapitalComSimulatorConfig config, String preferredAccountId) {
        this.config = config;
        this.clock = config.clock();
        this.preferredAccountId = preferredAccountId;
    }

    /** {@code GET /session/encryptionKey}: the RSA public key (X.509, Base64) and the timestamp to embed in the password. */
    EncryptionKey encryptionKey(String apiKey) {
        requireApiKeyHeader(apiKey);
        return new EncryptionKey(Base64.getEncoder().encodeToString(keyPair().getPublic().getEncoded()), clock.millis());
    }

    record EncryptionKey(String encryptionKey, long timeStamp) {
    }

    /** {@code POST /session}. Throws the documented errors: 400 null api key, 429 over 1 login/s, 401 bad details. */
    Session login(String apiKey, JsonNode body) {
        requireApiKeyHeader(apiKey);
        Instant now = clock.instant();
        SlidingWindowRateLimiter limiter = loginLimiterByApiKey.computeIfAbsent(apiKey,
                key -> new SlidingWindowRateLimiter(config.maxLoginsPerSecondPerApiKey()));
        if (!limiter.tryAcquire(now.toEpochMilli())) {
            refusedLogins.incrementAndGet();
            throw ApiError.tooManyRequests();
        }
        String identifier = Json.text(body, "identifier");
        String password = Json.text(body, "password");
        boolean encrypted = Json.flag(body, "encryptedPassword");
        boolean valid = !rejectAllLogins
                && config.apiKey().equals(apiKey)
                && config.identifier().equalsIgnoreCase(String.valueOf(identifier))
                && password != null
                && config.password().equals(encrypted ? decryptPassword(password, now) : password);
        if (!valid) {
            refusedLogins.incrementAndGet();
            throw ApiError.unauthorized("error.invalid.details");
        }
        Session session = new Session(newToken(), newToken(), preferredAccountId, now, config.maxRequestsPerSecondPerSession());
        sessionsByCst.put(session.cst, session);
        successfulLogins.incrementAndGet();
        return session;
    }

    /**
     * The session behind a request's CST and X-SECURITY-TOKEN, refreshed as "used now"; expired sessions are dropped here.
     */
    Session authenticate(String cst, String securityToken) {
        if (cst == null || cst.isBlank()) {
            throw ApiError.badRequest("error.null.client.token");
        }
        if (securityToken == null || securityToken.isBlank()) {
            throw ApiError.badRequest("error.null.account.token");
        }
        Instant now = clock.instant();
        Session session = sessionsByCst.get(cst);
        if (session == null || !session.accepts(securityToken)) {
            throw ApiError.unauthorized("error.invalid.session.token");
        }
        if (isExpired(session, now)) {
            sessionsByCst.remove(cst, session);
            throw ApiError.unauthorized("error.invalid.session.token");
        }
        session.lastUsedAt = now;
        return session;
    }

    private boolean isExpired(Session session, Instant now) {
        return !session.lastUsedAt.plus(config.sessionIdleTimeout()).isAfter(now);
    }

    /** False once the session logged out or expired; its tokens are then not echoed in responses. */
    boolean isActive(Session session) {
        return sessionsByCst.get(session.cst) == session;
    }

    void logout(Session session) {
        sessionsByCst.remove(session.cst, session);
    }

    /** Switching accounts issues a new account token, as the real API does with its X-SECURITY-TOKEN. */
    void switchAccount(Session session, String accountId) {
        session.earlierSecurityTokens.add(session.securityToken);
        session.accountId = accountId;
        session.securityToken = newToken();
    }

    /** Issues fresh tokens for a session; the old ones stop working at once. */
    synchronized void rotateTokens(Session session) {
        String oldCst = session.cst;
        session.cst = newToken();
        session.securityToken = newToken();
        session.earlierSecurityTokens.clear();
        sessionsByCst.remove(oldCst, session);
        sessionsByCst.put(session.cst, session);
    }

    void rotateTokensOfAllSessionsOnNextResponse() {
        sessionsByCst.values().forEach(session -> session.rotateTokensOnNextResponse = true);
    }

    void expireAll() {
        sessionsByCst.clear();
    }

    void rejectAllLogins(boolean reject) {
        this.rejectAllLogins = reject;
    }

    int activeSessions() {
        Instant now = clock.instant();
        sessionsByCst.values().removeIf(session -> isExpired(session, now));
        return sessionsByCst.size();
    }

    long successfulLogins() {
        return successfulLogins.get();
    }

    long refusedLogins() {
        return refusedLogins.get();
    }

    private static void requireApiKeyHeader(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw ApiError.badRequest("error.null.api.key");
        }
    }

    /**
     * Undoes the documented client side: {@code Base64(RSA/ECB/PKCS1Padding(Base64(password + "|" + timeStamp)))}. A stale or
     * undecryptable password yields {@code null}, which fails the credential check like a wrong password.
     */
    private String decryptPassword(String encryptedPassword, Instant now) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.DECRYPT_MODE, keyPair().getPrivate());
            byte[] base64Plain = cipher.doFinal(Base64.getDecoder().decode(encryptedPassword));
            String plain = new String(Base64.getDecoder().decode(base64Plain), StandardCharsets.UTF_8);
            int separator = plain.lastIndexOf('|');
            if (separator < 0) {
                return null;
            }
            Instant stamped = Instant.ofEpochMilli(Long.parseLong(plain.substring(separator + 1)));
            if (Duration.between(stamped, now).abs().compareTo(ENCRYPTION_TIMESTAMP_VALIDITY) > 0) {
                return null;
            }
            return plain.substring(0, separator);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static KeyPair keyPair() {
        return EncryptionKeyHolder.KEY_PAIR;
    }

    /**
     * One 2048-bit RSA pair per JVM, generated on first use (it takes a noticeable moment, and tests start many simulators);
     * sharing it between simulators costs nothing, each one still checks passwords against its own config.
     */
    private static final class EncryptionKeyHolder {
        static final KeyPair KEY_PAIR = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA is not available in this JVM", e);
            }
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        TOKEN_RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
