package io.tickflow.capital;

import java.time.Instant;

/**
 * A logged-in session. The tokens go on every request; they are deliberately left out of {@link #toString()}.
 *
 * @param cst            client token ({@code CST} header)
 * @param securityToken  account token ({@code X-SECURITY-TOKEN} header)
 * @param accountId      the active account
 * @param clientId       the client
 * @param streamingHost  WebSocket root, e.g. {@code wss://api-streaming-capital.backend-capital.com/}; append {@code connect}
 * @param timezoneOffset hours between the account's local timestamps and UTC
 * @param currency       account currency
 * @param loggedInAt     when the login answered
 */
public record SessionInfo(String cst, String securityToken, String accountId, String clientId, String streamingHost,
                          int timezoneOffset, String currency, Instant loggedInAt) {

    SessionInfo withTokens(String newCst, String newSecurityToken) {
        return new SessionInfo(newCst, newSecurityToken, accountId, clientId, streamingHost, timezoneOffset, currency, loggedInAt);
    }

    boolean sameTokensAs(SessionInfo other) {
        return other != null && cst.equals(other.cst) && securityToken.equals(other.securityToken);
    }

    @Override
    public String toString() {
        return "SessionInfo[accountId=" + accountId + ", clientId=" + clientId + ", streamingHost=" + streamingHost
                + ", timezoneOffset=" + timezoneOffset + ", currency=" + currency + ", loggedInAt=" + loggedInAt
                + ", tokens=***]";
    }
}
