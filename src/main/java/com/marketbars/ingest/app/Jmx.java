package com.marketbars.ingest.app;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/** Registers our own MXBeans in the platform MBeanServer (beside Camel's), and unregisters them when closed. */
final class Jmx {
    private Jmx() {
    }

    static AutoCloseable register(String name, Object mxBean) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName objectName = new ObjectName(name);
        if (server.isRegistered(objectName)) {
            server.unregisterMBean(objectName);   // a previous Camel context of this JVM (tests, a restart in-process)
        }
        server.registerMBean(mxBean, objectName);
        return () -> {
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
        };
    }
}
