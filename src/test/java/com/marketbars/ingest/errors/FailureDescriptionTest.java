package com.marketbars.ingest.errors;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureDescriptionTest {
    @Test
    void camelsWrappersAndTheirExchangeDumpAreLeftOut() {
        Exception cause = new IllegalStateException("window w: 1 batch(es) failed");
        Exception wrapped = new CamelExecutionException("Exception occurred during execution on the exchange",
                new DefaultExchange(new DefaultCamelContext()), new RuntimeCamelException(cause));

        assertThat(FailureDescription.of(wrapped)).isEqualTo("window w: 1 batch(es) failed").doesNotContain("Exchange[");
    }

    @Test
    void aDifferentRootCauseIsNamedAfterTheMessage() {
        Exception e = new IllegalStateException("writing a page failed", new SQLException("[SQLITE_FULL] database or disk is full"));

        assertThat(FailureDescription.of(e)).isEqualTo("writing a page failed (caused by SQLException: [SQLITE_FULL] database or disk is full)");
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsClass() {
        assertThat(FailureDescription.of(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
