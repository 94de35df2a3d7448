package com.marketbars.ingest.console;

import com.marketbars.ingest.settings.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may use the console and the management port, and under which names it may be addressed. There is always a
 * token: {@link #TOKEN_ENV}'s, or one made at random for this run (only on loopback; bound beyond it the process
 * refuses to start without the variable). Every request but the page's own files must carry it as
 * {@code Authorization: Bearer}; a web page of another site cannot add that header to a request it makes the
 * operator's browser send. The names the port answers to ({@link #admitsHost}) stop DNS rebinding: a page of
 * {@code evil.example} whose name now resolves to 127.0.0.1 still sends {@code Host: evil.example}.
 */
public final class ConsoleAccess {
    public static final String TOKEN_ENV = "INGEST_CONSOLE_TOKEN";
    public static final String ALLOWED_HOSTS_KEY = "ingest.console.allowed-hosts";
    /** Shorter tokens are refused at start: they can be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** 32 random bytes: 256 bits, nothing to guess. */
    private static final int GENERATED_TOKEN_BYTES = 32;
    /** A DNS name (RFC 1123 labels) or an IPv4 literal; IPv6 literals are checked by {@link #isIpv6Literal}. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final byte[] token;
    private final String tokenText;
    private final boolean generated;
    private final boolean loopback;
    private final Set<String> hostNames;

    private ConsoleAccess(String token, boolean generated, boolean loopback, Set<String> hostNames) {
        this.tokenText = token;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
        this.loopback = loopback;
        this.hostNames = Set.copyOf(hostNames);
    }

    /**
     * @param host         {@code camel.management.host}, the address the port is bound to
     * @param token        {@link #TOKEN_ENV}, or null when not set
     * @param allowedHosts {@link #ALLOWED_HOSTS_KEY}: further names the operator reaches the port by (comma list; may be
     *                     null or blank)
     * @throws ConfigException naming the key or variable when a value cannot be used
     */
    public static ConsoleAccess of(String host, String token, String allowedHosts) {
        if (token != null && !token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(TOKEN_ENV, "is " + token.length() + " characters; give at least " + MIN_TOKEN_LENGTH);
        }
        boolean hasToken = token != null && !token.isEmpty();
        boolean loopback = isLoopback(host);
        // beyond loopback the port is a service's: its token must survive restarts and reach its probes, which a token
        // made at random and printed on a terminal does not
        if (!hasToken && !loopback) {
            throw new ConfigException("camel.management.host", host + " is reachable from other machines: set "
                    + TOKEN_ENV + " (at least " + MIN_TOKEN_LENGTH + " characters) so the console, its API and Jolokia ask for it");
        }
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        if (!isWildcard(host)) {
            names.add(normalise(host.strip()));
        }
        // not 0.0.0.0 even when bound to it: some browsers let any page send requests to http://0.0.0.0:PORT/
        if (loopback || isWildcard(host)) {
            // reachable by these only from this machine: no other site can be behind them
            names.add("127.0.0.1");
            names.add("[::1]");
        }
        names.addAll(parseAllowedHosts(allowedHosts));
        return hasToken ? new ConsoleAccess(token, false, loopback, names)
                : new ConsoleAccess(randomToken(), true, loopback, names);
    }

    static Set<String> parseAllowedHosts(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return names;
        }
        for (String raw : text.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            if (!HOST_NAME.matcher(name).matches() && !isIpv6Literal(bare)) {
                throw new ConfigException(ALLOWED_HOSTS_KEY, "'" + name + "' is not a host name or an IP address"
                        + " (give names such as ingest.example.com or 10.0.0.5, comma-separated, without scheme, port or wildcard)");
            }
            names.add(normalise(name));
        }
        return names;
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return isIpv6Literal(h) ? "[" + h + "]" : h;
    }

    /** Hex groups and colons, at least two of them ({@code ::1}): a name with a port such as {@code cafe:9876} is not one. */
    private static boolean isIpv6Literal(String s) {
        return s.chars().filter(c -> c == ':').count() >= 2 && s.matches("[0-9a-fA-F:.]+");
    }

    private static String randomToken() {
        byte[] bytes = new byte[GENERATED_TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True when the token was made for this run: the console's URL with it is printed once at start. */
    public boolean tokenGenerated() {
        return generated;
    }

    /** Bound to the loopback interface: only processes of this machine reach the port. */
    public boolean loopbackOnly() {
        return loopback;
    }

    /**
     * The console's address with the token in its fragment, which the browser never sends to a server (not to this
     * one, nor as a Referer elsewhere): the page takes it from there and keeps it in the tab's sessionStorage.
     */
    String consoleUrlWithToken(String host, int port) {
        return consoleUrl(host, port) + "#token=" + tokenText;
    }

    static String consoleUrl(String host, int port) {
        String h = host == null || host.isBlank() || isWildcard(host) ? "127.0.0.1" : host;
        return "http://" + (isIpv6Literal(h) && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port + "/console/";
    }

    /** True when {@code authorization} (the header's value, may be null) carries the token. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);   // constant time: the comparison does not tell how much matched
    }

    /**
     * True when {@code hostHeader} (the request's {@code Host}, with or without a port; may be null) names this port:
     * the bound address, {@code localhost}, loopback literals when bound to loopback or to every interface, or a name
     * of {@link #ALLOWED_HOSTS_KEY}.
     */
    public boolean admitsHost(String hostHeader) {
        String name = hostName(hostHeader);
        return name != null && hostNames.contains(name);
    }

    /** The name part of a Host header or of an origin's authority, lower case, an IPv6 literal in brackets; null if malformed. */
    static String hostName(String authority) {
        if (authority == null || authority.isBlank()) {
            return null;
        }
        String a = authority.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0 || (end + 1 < a.length() && a.charAt(end + 1) != ':')) {
                return null;
            }
            return a.substring(0, end + 1);
        }
        int colon = a.indexOf(':');
        if (colon >= 0 && a.indexOf(':', colon + 1) >= 0) {
            return null;   // an IPv6 literal must be bracketed in a Host header
        }
        return colon < 0 ? a : a.substring(0, colon);
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;   // Vert.x binds every interface for an empty host
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
