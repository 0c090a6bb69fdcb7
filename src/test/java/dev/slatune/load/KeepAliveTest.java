package dev.slatune.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keep-Alive header values as servers send them. */
class KeepAliveTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "timeout=5, max=100 | 5 | 100",
                "timeout=5 | 5 | -1",
                "max=1 | -1 | 1",
                "Timeout=15,Max=99 | 15 | 99",
                "timeout=\"7\" | 7 | -1",
                "timeout=abc, max=-3 | -1 | -1",
                "NULL | -1 | -1",
                "'' | -1 | -1",
                "keep-alive | -1 | -1"
            })
    void parses(String header, long timeout, long max) {
        KeepAlive k = KeepAlive.parse(header);
        assertThat(k.timeoutSeconds()).isEqualTo(timeout);
        assertThat(k.max()).isEqualTo(max);
    }
}
