package com.marketbars.ingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The console's JSON API over real HTTP, as the page (or curl) uses it. */
public final class ConsoleClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    public ConsoleClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** A port free now, for a management server the test starts next. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String base() {
        return base;
    }

    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Answer get(String path) throws Exception {
        return send(request(path).GET());
    }

    public Answer post(String path, String jsonBody) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /**
     * One HTTP/1.1 request written by hand on a socket, with exactly the headers given (and the token, when this
     * client has one, unless {@code headers} has an Authorization of its own): how an attacker's page or a rebound
     * name reaches the port. Java's HttpClient refuses to send a Host header of the caller's choosing.
     */
    public Answer raw(String method, String path, Map<String, String> headers, String body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", base.substring("http://".length()));
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.putAll(headers);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        all.forEach((k, v) -> {
            if (v != null) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4));
            int bodyStart = text.indexOf("\r\n\r\n");
            String answerBody = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
            if (text.substring(0, Math.max(bodyStart, 0)).toLowerCase().contains("transfer-encoding: chunked")) {
                answerBody = unchunk(answerBody);
            }
            return new Answer(status, answerBody);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
