package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.http.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts alerts to webhooks. Every request carries {@code X-Sluice-Delivery} (the delivery id, the same on
 * every retry, for receivers to dedupe), {@code X-Sluice-Timestamp} (epoch seconds) and, with a secret,
 * {@code X-Sluice-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))}. 2xx is delivered;
 * 408, 429, 5xx and I/O errors are retried; other answers are permanent failures.
 */
final class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Clock clock;

    WebhookSender(Clock clock) {
        this.clock = clock;
    }

    SendResult send(Channel.Webhook hook, String deliveryId, JsonNode payload) {
        String body = body(hook.format(), deliveryId, payload);
        String timestamp = Long.toString(clock.millis() / 1000);
        HttpRequest.Builder req = HttpRequest.newBuilder(hook.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "Sluice-Alerts/1")
                .header("X-Sluice-Delivery", deliveryId).header("X-Sluice-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        hook.secret().ifPresent(s -> req.header("X-Sluice-Signature", "sha256=" + sign(s, timestamp + "." + body)));
        try {
            int status = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.delivered();
            }
            String why = "HTTP " + status;
            return status == 408 || status == 429 || status >= 500 ? SendResult.retry(why) : SendResult.permanent(why);
        } catch (IOException e) {
            return SendResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted");
        }
    }

    /** The body in the channel's format; Slack and Discord get their text fields. */
    static String body(String format, String deliveryId, JsonNode payload) {
        String line = payload.path("title").asText() + "\n" + payload.path("text").asText()
                + (payload.path("suppressedSinceLast").asLong() > 0
                ? "\n(+" + payload.path("suppressedSinceLast").asLong() + " more held back by the cooldown)" : "");
        ObjectNode out = switch (format) {
            case "slack" -> Json.object().put("text", line);
            case "discord" -> Json.object().put("content", line.length() > 2000 ? line.substring(0, 2000) : line);
            default -> ((ObjectNode) payload.deepCopy()).put("deliveryId", deliveryId);
        };
        try {
            return Json.MAPPER.writeValueAsString(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }
}
