package com.marketbars.ingest.pipeline;

import org.apache.camel.Expression;
import org.apache.camel.component.bean.BeanInfo;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BarPageTest {

    @Test
    void theRouteExpressionReadsTheNextPageToken() throws Exception {
        try (DefaultCamelContext ctx = new DefaultCamelContext()) {
            ctx.start();
            Expression next = ctx.resolveLanguage("simple").createExpression("${body.nextPageToken}");

            assertThat(evaluate(ctx, next, new BarPage(List.of(), List.of(), "QUFQTDo1"))).isEqualTo("QUFQTDo1");
            assertThat(evaluate(ctx, next, new BarPage(List.of(), List.of(), null))).isNull();
        }
    }

    /**
     * Camel files a method under the getter whose short name it shares when reflection lists the getter first,
     * which differs from JVM to JVM. A {@code getNextPageToken()} beside {@code nextPageToken()} then made
     * {@code ${body.nextPageToken}} ambiguous, failing every page of some runs (one child JVM in five of the crash
     * test). No public method may share a getter's short name.
     */
    @Test
    void noPublicMethodSharesTheShortNameOfAGetter() {
        Set<String> names = Arrays.stream(BarPage.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());

        assertThat(Arrays.stream(BarPage.class.getDeclaredMethods()).filter(BeanInfo::isGetter).map(BeanInfo::getGetterShorthandName))
                .noneMatch(names::contains);
    }

    private static Object evaluate(DefaultCamelContext ctx, Expression expression, BarPage page) {
        DefaultExchange exchange = new DefaultExchange(ctx);
        exchange.getMessage().setBody(page);
        return expression.evaluate(exchange, Object.class);
    }
}
