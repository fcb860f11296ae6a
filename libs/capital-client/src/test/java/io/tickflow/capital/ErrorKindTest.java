package io.tickflow.capital;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorKindTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "error.invalid.details|AUTH",
            "error.invalid.session.token|AUTH",
            "error.null.client.token|AUTH",
            "error.too-many.requests|RATE_LIMIT",
            "error.not-found.dealReference|NOT_FOUND",
            "error.not-found.epic|NOT_FOUND",
            "error.invalid.stoploss.minvalue: 17.146|VALIDATION",
            "error.invalid.size.maxvalue: 100|VALIDATION",
            "error.prices.not-found|OTHER",
            "http.500|OTHER"})
    void classifiesByCodePrefix(String errorCode, ErrorKind kind) {
        assertThat(ErrorKind.of(errorCode)).isEqualTo(kind);
    }
}
