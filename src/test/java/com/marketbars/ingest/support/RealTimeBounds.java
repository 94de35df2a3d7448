package com.marketbars.ingest.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A spec class whose claims are bounds in real time on processes racing each other - a takeover within the lease plus
 * 2 s, a quota no instant exceeds - which CPU starvation by the build's other specs would break rather than the
 * product. While it runs, {@link CpuPriority} gives its JVM and the processes it starts the CPU ahead of the rest of the
 * build.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RealTimeBounds {
}
